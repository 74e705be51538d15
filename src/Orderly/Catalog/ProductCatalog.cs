using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Catalog;

internal sealed class ProductCatalog(OrderlyDbContext db, ProductSnapshots snapshots, IOptions<OrderlyOptions> options) : IProductCatalog
{
    public async Task<IReadOnlyList<ProductInfo>> FindRecentBySkusAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        var found = new List<ProductInfo>(skus.Count);
        var missing = new List<string>();
        foreach (var sku in skus)
        {
            if (snapshots.TryGet(sku, out var product))
            {
                found.Add(product);
            }
            else
            {
                missing.Add(sku);
            }
        }
        if (missing.Count > 0)
        {
            foreach (var product in await FindBySkusAsync(missing, cancellationToken))
            {
                snapshots.Keep(product);
                found.Add(product);
            }
        }
        return found;
    }

    public async Task<ProductInfo?> FindBySkuAsync(string sku, CancellationToken cancellationToken) =>
        (await db.Set<Product>().AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, cancellationToken))?.ToInfo();

    public async Task<IReadOnlyList<ProductInfo>> FindBySkusAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken) =>
        (await db.Set<Product>().AsNoTracking().Where(p => skus.Contains(p.Sku)).ToListAsync(cancellationToken)).Select(p => p.ToInfo()).ToList();

    public async Task<IReadOnlyList<ProductInfo>> FindByIdsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        (await db.Set<Product>().AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken)).Select(p => p.ToInfo()).ToList();

    public async Task<ProductFile?> OpenFileAsync(Guid productId, CancellationToken cancellationToken)
    {
        var product = await db.Set<Product>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == productId, cancellationToken);
        if (product?.FileName is null)
        {
            return null;
        }
        var path = UploadProductFile.StoragePath(options.Value.ResolveDataDir(), productId);
        return File.Exists(path)
            ? new ProductFile(product.FileName, product.FileContentType ?? "application/octet-stream", product.FileLength ?? new FileInfo(path).Length, () => File.OpenRead(path))
            : null;
    }
}
