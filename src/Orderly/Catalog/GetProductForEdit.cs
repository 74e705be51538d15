using Microsoft.EntityFrameworkCore;
using Orderly.Catalog.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>Everything the admin product form edits, drafts included.</summary>
public static class GetProductForEdit
{
    public sealed record Image(Guid Id, string ContentType, string? Alt);

    public sealed record Editable(Guid Id, string Sku, string Name, ProductKind Kind, DeliveryKind Delivery, string Currency, ProductEdit Fields,
        IReadOnlyList<Image> Images, DateTime CreatedAt, DateTime UpdatedAt);

    internal sealed class Handler(OrderlyDbContext db)
    {
        public async Task<Editable?> HandleAsync(string sku, CancellationToken ct)
        {
            var p = await db.Set<Product>().AsNoTracking().FirstOrDefaultAsync(x => x.Sku == sku, ct);
            if (p is null)
            {
                return null;
            }
            var images = await db.Set<ProductImage>().AsNoTracking().Where(i => i.ProductId == p.Id).OrderBy(i => i.Position)
                .Select(i => new Image(i.Id, i.ContentType, i.Alt)).ToListAsync(ct);
            var attributes = await db.Set<ProductAttribute>().AsNoTracking().Where(a => a.ProductId == p.Id).OrderBy(a => a.Position)
                .Select(a => a.Name + ": " + a.Value).ToListAsync(ct);
            var fields = new ProductEdit(p.Name, p.PriceAmount, p.Status, p.Description, p.Brand, p.CategoryId, p.CompareAtPriceAmount, p.Featured,
                p.VariantGroup, p.VariantLabel, p.LowStockThreshold, string.Join('\n', attributes));
            return new Editable(p.Id, p.Sku, p.Name, p.Kind, p.Delivery, p.Currency, fields, images, p.CreatedAt, p.UpdatedAt);
        }
    }
}
