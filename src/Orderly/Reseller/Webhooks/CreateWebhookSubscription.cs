using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller.Webhooks;

public sealed record CreateWebhookSubscriptionRequest(string? Url, IReadOnlyList<string>? Events);

/// <summary>The subscription; <see cref="Secret"/> (<c>whsec_…</c>) is shown here once.</summary>
public sealed record CreateWebhookSubscriptionResponse(Guid Id, Guid MerchantId, string Url, IReadOnlyList<string> Events, string Secret, DateTime CreatedAt);

/// <summary>
/// <c>POST /api/admin/reseller/merchants/{id}/webhooks</c>: subscribes a URL to events. The URL must
/// pass the SSRF guard (https, public addresses) unless the target policy allows otherwise.
/// </summary>
internal static class CreateWebhookSubscription
{
    public abstract record Outcome
    {
        public sealed record Created(CreateWebhookSubscriptionResponse Response) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record UnknownMerchant : Outcome;
        public sealed record UnsafeTarget(string Reason) : Outcome;
    }

    public static (Uri? Url, List<ValidationError> Errors) Validate(CreateWebhookSubscriptionRequest request)
    {
        var errors = new List<ValidationError>();
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || request.Url!.Length > 2048)
        {
            errors.Add(new("url", "must be an absolute http(s) URL of at most 2048 characters."));
        }
        if (request.Events is null || request.Events.Count == 0 || request.Events.Any(e => !WebhookEvents.All.Contains(e, StringComparer.Ordinal)))
        {
            errors.Add(new("events", $"must list one or more of {string.Join(", ", WebhookEvents.All)}."));
        }
        return (url, errors);
    }

    internal sealed class Handler(OrderlyDbContext db, WebhookTargets targets, IDataProtectionProvider protection, IAuditLog audit, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(Guid merchantId, CreateWebhookSubscriptionRequest request, string actor, CancellationToken ct)
        {
            var (url, errors) = Validate(request);
            if (errors.Count > 0)
            {
                return new Outcome.Invalid(errors);
            }
            if (!await db.Set<Merchant>().AnyAsync(m => m.Id == merchantId, ct))
            {
                return new Outcome.UnknownMerchant();
            }
            if (await SsrfGuard.RefusalAsync(url!, targets.Policy, Dns.GetHostAddressesAsync, ct) is { } reason)
            {
                return new Outcome.UnsafeTarget(reason);
            }
            var now = time.GetUtcNow();
            var secret = WebhookSignatures.NewSecret();
            var events = request.Events!.Distinct(StringComparer.Ordinal).ToList();
            var subscription = new WebhookSubscription
            {
                Id = Guid.CreateVersion7(now),
                MerchantId = merchantId,
                Url = url!.AbsoluteUri,
                Events = string.Join(',', events),
                ProtectedSecret = WebhookTargets.Protector(protection).Protect(secret),
                Active = true,
                CreatedAt = now.UtcDateTime,
            };
            db.Set<WebhookSubscription>().Add(subscription);
            audit.Append("WebhookSubscribed", null, actor, new { merchantId, subscriptionId = subscription.Id, subscription.Url, subscription.Events });
            await db.SaveChangesAsync(ct);
            return new Outcome.Created(new CreateWebhookSubscriptionResponse(subscription.Id, merchantId, subscription.Url, events, secret, subscription.CreatedAt));
        }
    }

    public static async Task<Results<Created<CreateWebhookSubscriptionResponse>, ProblemHttpResult>> EndpointAsync(Guid id, CreateWebhookSubscriptionRequest request, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, request, ResellerActors.Api, ct) switch
        {
            Outcome.Created c => TypedResults.Created($"/api/admin/reseller/merchants/{id}/webhooks/{c.Response.Id}", c.Response),
            Outcome.Invalid i => Problems.Validation(i.Errors),
            Outcome.UnknownMerchant => Problems.NotFound(ResellerErrors.MerchantNotFound, $"Merchant {id} does not exist."),
            Outcome.UnsafeTarget u => Problems.Create(StatusCodes.Status422UnprocessableEntity, ResellerErrors.UnsafeWebhookTarget, "The webhook target is not allowed.", $"Refused: {u.Reason}."),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
}
