using Orderly.Catalog.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>Admin: moves a product picture one place up or down, or removes it (its file too). Audited; bumps UpdatedAt.</summary>
public static class ArrangeProductImages
{
    public enum Move { Up, Down, Remove }

    internal sealed class Handler(OrderlyDbContext db, ICatalogChanges changes, IOptions<OrderlyOptions> options, IAuditLog audit, TimeProvider time)
    {
        /// <summary>False when the product has no such image.</summary>
        public async Task<bool> HandleAsync(string sku, Guid imageId, Move move, string actor, CancellationToken ct)
        {
            await using var transaction = await db.BeginWriteAsync(ct);
            var product = await db.Set<Product>().FirstOrDefaultAsync(p => p.Sku == sku, ct);
            var images = product is null ? [] : await db.Set<ProductImage>().Where(i => i.ProductId == product.Id).OrderBy(i => i.Position).ToListAsync(ct);
            var index = images.FindIndex(i => i.Id == imageId);
            if (product is null || index < 0)
            {
                return false;
            }
            var image = images[index];
            switch (move)
            {
                case Move.Remove:
                    db.Set<ProductImage>().Remove(image);
                    images.RemoveAt(index);
                    break;
                case Move.Up when index > 0:
                    (images[index - 1], images[index]) = (images[index], images[index - 1]);
                    break;
                case Move.Down when index < images.Count - 1:
                    (images[index + 1], images[index]) = (images[index], images[index + 1]);
                    break;
            }
            for (var i = 0; i < images.Count; i++)
            {
                images[i].Position = i;
            }
            product.UpdatedAt = time.GetUtcNow().UtcDateTime;
            audit.Append(move == Move.Remove ? "ProductImageRemoved" : "ProductImageMoved", null, actor, new { product.Sku, imageId, move = move.ToString() });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await changes.ProductsChangedAsync([], ct); // this instance's search shows it at once
            if (move == Move.Remove)
            {
                File.Delete(ServeProductImage.StoragePath(options.Value.ResolveDataDir(), product.Id, image.Id, image.Extension));
            }
            return true;
        }
    }
}
