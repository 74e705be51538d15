using Microsoft.AspNetCore.Http.HttpResults;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <param name="WholesaleDiscountPercent">Off the catalog price, 0–100 (default 0: orders pay at least the catalog price).</param>
public sealed record CreateMerchantRequest(string? Name, string? AllowedIps, decimal? WholesaleDiscountPercent = null);

public sealed record MerchantResponse(Guid Id, string Name, string? AllowedIps, decimal WholesaleDiscountPercent, DateTime CreatedAt);

/// <summary><c>POST /api/admin/reseller/merchants</c> and the admin merchants page: a merchant with an empty wallet and an optional IP allow-list.</summary>
internal static class CreateMerchant
{
    public static List<ValidationError> Validate(CreateMerchantRequest request)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 128)
        {
            errors.Add(new("name", "is required (at most 128 characters)."));
        }
        if (!ApiKeys.IsValidAllowList(request.AllowedIps) || request.AllowedIps?.Length > 1024)
        {
            errors.Add(new("allowedIps", "must be a comma-separated list of IP addresses or CIDR ranges."));
        }
        if (request.WholesaleDiscountPercent is { } discount && !PriceFloor.IsValidDiscount(discount))
        {
            errors.Add(new("wholesaleDiscountPercent", PriceFloor.DiscountRule));
        }
        return errors;
    }

    public abstract record Outcome
    {
        public sealed record Created(MerchantResponse Merchant) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
    }

    internal sealed class Handler(OrderlyDbContext db, IAuditLog audit, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(CreateMerchantRequest request, string actor, CancellationToken ct)
        {
            var errors = Validate(request);
            if (errors.Count > 0)
            {
                return new Outcome.Invalid(errors);
            }
            var now = time.GetUtcNow();
            var merchant = new Merchant
            {
                Id = Guid.CreateVersion7(now),
                Name = request.Name!.Trim(),
                AllowedIps = string.IsNullOrWhiteSpace(request.AllowedIps) ? null : request.AllowedIps.Trim(),
                WholesaleDiscountPercent = request.WholesaleDiscountPercent ?? 0,
                CreatedAt = now.UtcDateTime,
            };
            db.Set<Merchant>().Add(merchant);
            audit.Append("MerchantCreated", null, actor, new { merchant.Id, merchant.Name, merchant.WholesaleDiscountPercent });
            await db.SaveChangesAsync(ct);
            return new Outcome.Created(new MerchantResponse(merchant.Id, merchant.Name, merchant.AllowedIps, merchant.WholesaleDiscountPercent, merchant.CreatedAt));
        }
    }

    public static async Task<Results<Created<MerchantResponse>, ProblemHttpResult>> EndpointAsync(CreateMerchantRequest request, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(request, ResellerActors.Api, ct) switch
        {
            Outcome.Created c => TypedResults.Created($"/api/admin/reseller/merchants/{c.Merchant.Id}", c.Merchant),
            Outcome.Invalid i => Problems.Validation(i.Errors),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
}
