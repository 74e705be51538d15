using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orderly.Catalog.Contracts;

namespace Orderly.Catalog;

/// <summary>
/// Recently read products by SKU, for pricing carts at checkout without a database read per
/// buyer (under a rush, thousands of buyers ask for the same few products each second). An
/// entry lives <see cref="CatalogOptions.SnapshotTtl"/> (default 1 s) and this instance drops it
/// at once when it changes the product; another instance's change shows within the TTL. Only
/// found products are kept, so unknown SKUs cannot fill it.
/// </summary>
internal sealed class ProductSnapshots(TimeProvider time, IOptions<CatalogOptions> options)
{
    private readonly ConcurrentDictionary<string, (ProductInfo Product, long ExpiresAt)> _bySku = new(StringComparer.Ordinal);

    public bool TryGet(string sku, out ProductInfo product)
    {
        if (_bySku.TryGetValue(sku, out var entry) && entry.ExpiresAt > time.GetTimestamp())
        {
            product = entry.Product;
            return true;
        }
        product = null!;
        return false;
    }

    public void Keep(ProductInfo product)
    {
        var ttl = options.Value.SnapshotTtl;
        if (ttl > TimeSpan.Zero)
        {
            _bySku[product.Sku] = (product, time.GetTimestamp() + (long)(ttl.TotalSeconds * time.TimestampFrequency));
        }
    }

    public void Forget(string sku) => _bySku.TryRemove(sku, out _);
}
