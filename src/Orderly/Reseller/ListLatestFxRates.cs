using Microsoft.Extensions.Caching.Memory;
using Orderly.Reseller.Contracts;

namespace Orderly.Reseller;

/// <summary>
/// The latest recorded rate per currency for the storefront. Cached briefly: every catalog page asks,
/// and a rate changes at most a few times a day (recording one here drops the cache at once).
/// A miss reads in a scope of its own: the store layout asks while the page itself is reading, and
/// one DbContext must never run two queries at once (PostgreSQL refuses it).
/// </summary>
internal sealed class ListLatestFxRates(IServiceScopeFactory scopes, IMemoryCache cache) : IExchangeRates
{
    public const string CacheKey = "reseller:fx-rates:latest";

    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<ExchangeRate>> LatestAsync(CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey, out IReadOnlyList<ExchangeRate>? cached) && cached is not null)
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var rates = scope.ServiceProvider.GetRequiredService<FxRates>();
        var latest = new List<ExchangeRate>();
        foreach (var currency in Fx.Currencies.Where(c => c != CurrencyConversion.Base))
        {
            if (await rates.LatestAsync(currency, cancellationToken) is { } quote)
            {
                latest.Add(new ExchangeRate(quote.Currency, quote.EurPerUnit, quote.Source, quote.AsOf));
            }
        }
        cache.Set(CacheKey, (IReadOnlyList<ExchangeRate>)latest, CacheLifetime);
        return latest;
    }
}
