using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary>The recorded rates: the latest by <see cref="FxRate.AsOf"/> is the one an order snapshots.</summary>
internal sealed class FxRates(OrderlyDbContext db)
{
    public async Task<FxQuote?> LatestAsync(string currency, CancellationToken ct) =>
        await db.Set<FxRate>().AsNoTracking().Where(r => r.Currency == currency).OrderByDescending(r => r.AsOf).ThenByDescending(r => r.RecordedAt)
            .Select(r => new FxQuote(r.Currency, r.EurPerUnit, r.Source, r.AsOf)).FirstOrDefaultAsync(ct);
}

public sealed record RecordFxRateRequest(string? Currency, decimal EurPerUnit, string? Source, DateTime? AsOf);

public sealed record FxRateResponse(Guid Id, string Currency, decimal EurPerUnit, string Source, DateTime AsOf, DateTime RecordedAt);

/// <summary><c>POST /api/admin/reseller/fx-rates</c>: records a rate (EUR per unit) with its source and time. Rates are never edited, only superseded.</summary>
internal static class RecordFxRate
{
    public static List<ValidationError> Validate(RecordFxRateRequest request)
    {
        var errors = new List<ValidationError>();
        if (!Fx.IsSupported(request.Currency) || request.Currency == "EUR")
        {
            errors.Add(new("currency", "must be USD, CHF or CAD (EUR is 1 by definition)."));
        }
        if (request.EurPerUnit is <= 0 or > 1000)
        {
            errors.Add(new("eurPerUnit", "must be positive (EUR for one unit of the currency)."));
        }
        if (string.IsNullOrWhiteSpace(request.Source) || request.Source.Length > 64)
        {
            errors.Add(new("source", "is required (where the rate comes from, at most 64 characters)."));
        }
        return errors;
    }

    public static async Task<Results<Created<FxRateResponse>, ProblemHttpResult>> EndpointAsync(RecordFxRateRequest request, OrderlyDbContext db, IAdminActionLog adminLog, IMemoryCache cache, TimeProvider time, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var now = time.GetUtcNow();
        var rate = new FxRate
        {
            Id = Guid.CreateVersion7(now),
            Currency = request.Currency!,
            EurPerUnit = request.EurPerUnit,
            Source = request.Source!.Trim(),
            AsOf = request.AsOf?.ToUniversalTime() ?? now.UtcDateTime,
            RecordedAt = now.UtcDateTime,
        };
        db.Set<FxRate>().Add(rate);
        adminLog.Record("FxRateRecorded", null, new { rate.Currency, rate.EurPerUnit, rate.Source, rate.AsOf });
        await db.SaveChangesAsync(ct);
        cache.Remove(ListLatestFxRates.CacheKey); // the storefront shows the new rate at once (on this instance; others within the cache lifetime)
        return TypedResults.Created($"/api/admin/reseller/fx-rates/{rate.Id}", new FxRateResponse(rate.Id, rate.Currency, rate.EurPerUnit, rate.Source, rate.AsOf, rate.RecordedAt));
    }
}
