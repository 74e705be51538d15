using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Licensing.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary>
/// <c>PUT /api/admin/products/{sku}/licensing</c>: makes a code product licensable (or changes its
/// terms for licenses sold from now on). Times are ISO-8601-ish TimeSpan strings, e.g. "7.00:00:00".
/// </summary>
public sealed record ConfigureLicensingRequest(
    string? Plan,
    int? ActivationLimit,
    TimeSpan? LeaseLifetime,
    TimeSpan? RevalidationInterval,
    TimeSpan? GraceWindow,
    IReadOnlyList<string>? Entitlements);

public sealed record LicensingPolicyResponse(
    string Sku, string Plan, int ActivationLimit, TimeSpan LeaseLifetime, TimeSpan RevalidationInterval, TimeSpan GraceWindow,
    IReadOnlyList<string> Entitlements, DateTime UpdatedAt);

internal static partial class ConfigureLicensing
{
    public abstract record Outcome
    {
        public sealed record Saved(LicensingPolicy Policy) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record ProductNotFound(string Sku) : Outcome;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9._:-]{0,39}$")]
    private static partial System.Text.RegularExpressions.Regex Entitlement();

    /// <summary>Pure validation. Defaults: perpetual, 1 activation, 7-day leases revalidated daily, 3 days of grace, entitlement "updates".</summary>
    public static (LicensingPolicy? Policy, List<ValidationError> Errors) Decide(ConfigureLicensingRequest request, ProductInfo product, LicensingOptions options, DateTime now)
    {
        var errors = new List<ValidationError>();
        if (!product.DeliversCodes)
        {
            errors.Add(new("sku", "only products that deliver codes can be licensed (the code is the license key)."));
        }
        var plan = (request.Plan ?? "perpetual").ToLowerInvariant() switch
        {
            "perpetual" => LicensePlan.Perpetual,
            "monthly" => LicensePlan.Monthly,
            "yearly" => LicensePlan.Yearly,
            _ => (LicensePlan?)null,
        };
        if (plan is null)
        {
            errors.Add(new("plan", "must be 'perpetual', 'monthly' or 'yearly'."));
        }
        var limit = request.ActivationLimit ?? 1;
        if (limit is < 1 or > 10_000)
        {
            errors.Add(new("activationLimit", "must be between 1 and 10000."));
        }
        var lifetime = request.LeaseLifetime ?? TimeSpan.FromDays(7);
        if (lifetime < TimeSpan.FromMinutes(1) || lifetime > options.MaxLeaseLifetime)
        {
            errors.Add(new("leaseLifetime", $"must be between 1 minute and {options.MaxLeaseLifetime} (Licensing:MaxLeaseLifetime)."));
        }
        var revalidation = request.RevalidationInterval ?? TimeSpan.FromDays(1);
        if (revalidation < TimeSpan.FromSeconds(30) || revalidation > lifetime)
        {
            errors.Add(new("revalidationInterval", "must be at least 30 seconds and at most the lease lifetime."));
        }
        var grace = request.GraceWindow ?? TimeSpan.FromDays(3);
        if (grace < TimeSpan.Zero || grace > options.MaxGraceWindow)
        {
            errors.Add(new("graceWindow", $"must be between 0 and {options.MaxGraceWindow} (Licensing:MaxGraceWindow)."));
        }
        var entitlements = (request.Entitlements ?? ["updates"]).Select(e => e.Trim().ToLowerInvariant()).Distinct().ToList();
        if (entitlements.Count > 20 || !entitlements.All(e => Entitlement().IsMatch(e)))
        {
            errors.Add(new("entitlements", "at most 20 names of 1–40 lower-case letters, digits, '.', '_', ':' or '-'."));
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new LicensingPolicy
        {
            ProductId = product.Id,
            Sku = product.Sku,
            Plan = plan!.Value,
            ActivationLimit = limit,
            Terms = new LeaseTerms(lifetime, revalidation, grace),
            Entitlements = string.Join(' ', entitlements),
            UpdatedAt = now,
        }, errors);
    }

    internal sealed class Handler(OrderlyDbContext db, IProductCatalog catalog, IAdminActionLog adminLog, IOptions<LicensingOptions> options, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(string sku, ConfigureLicensingRequest request, CancellationToken ct)
        {
            var product = await catalog.FindBySkuAsync(sku, ct);
            if (product is null)
            {
                return new Outcome.ProductNotFound(sku);
            }
            var (policy, errors) = Decide(request, product, options.Value, time.GetUtcNow().UtcDateTime);
            if (policy is null)
            {
                return new Outcome.Invalid(errors);
            }
            await using var transaction = await db.BeginWriteAsync(ct);
            var existing = await db.Set<LicensingPolicy>().FirstOrDefaultAsync(p => p.ProductId == product.Id, ct);
            if (existing is null)
            {
                db.Set<LicensingPolicy>().Add(policy);
            }
            else
            {
                db.Entry(existing).CurrentValues.SetValues(policy);
            }
            adminLog.Record("LicensingConfigured", null, new { sku, plan = policy.Plan.ToString(), policy.ActivationLimit, policy.Entitlements });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Outcome.Saved(existing ?? policy);
        }
    }

    public static async Task<Results<Ok<LicensingPolicyResponse>, ProblemHttpResult>> EndpointAsync(
        string sku, ConfigureLicensingRequest request, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(sku, request, ct) switch
        {
            Outcome.Saved s => TypedResults.Ok(ToResponse(s.Policy)),
            Outcome.ProductNotFound n => Problems.NotFound("catalog.product_not_found", $"No product with SKU '{n.Sku}'."),
            Outcome.Invalid i => Problems.Validation(i.Errors),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };

    private static LicensingPolicyResponse ToResponse(LicensingPolicy p) => new(
        p.Sku, p.Plan.ToString().ToLowerInvariant(), p.ActivationLimit, p.LeaseLifetime, p.RevalidationInterval, p.GraceWindow,
        p.Entitlements.Split(' ', StringSplitOptions.RemoveEmptyEntries), p.UpdatedAt);
}
