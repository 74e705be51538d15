using Orderly.Catalog.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>
/// Admin: adds a picture to a product. The type is decided by the file's first bytes, never by its
/// name or the browser's word; SVG is refused (it can carry script, and we do not sanitise it).
/// </summary>
public static class AddProductImage
{
    public const long MaxBytes = 5 * 1024 * 1024;

    public abstract record Outcome
    {
        public sealed record Added(Guid ImageId) : Outcome;
        public sealed record Refused(string Message) : Outcome;
        public sealed record NotFound : Outcome;
    }

    /// <summary>The content type and extension of a PNG, JPEG, WebP or GIF by its magic bytes; null for anything else.</summary>
    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => ("image/png", ".png"),
        [0xFF, 0xD8, 0xFF, ..] => ("image/jpeg", ".jpg"),
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => ("image/gif", ".gif"),
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => ("image/webp", ".webp"),
        _ => null,
    };

    internal sealed class Handler(OrderlyDbContext db, ICatalogChanges changes, IOptions<OrderlyOptions> options, IAuditLog audit, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(string sku, Stream content, long length, string? alt, string actor, CancellationToken ct)
        {
            if (length is <= 0 or > MaxBytes)
            {
                return new Outcome.Refused("Pictures must be at most 5 MB.");
            }
            var bytes = new byte[length];
            await content.ReadExactlyAsync(bytes, ct);
            if (Sniff(bytes) is not { } type)
            {
                return new Outcome.Refused("Only PNG, JPEG, WebP and GIF pictures are accepted (SVG is not).");
            }
            await using var transaction = await db.BeginWriteAsync(ct);
            var product = await db.Set<Product>().FirstOrDefaultAsync(p => p.Sku == sku, ct);
            if (product is null)
            {
                return new Outcome.NotFound();
            }
            var now = time.GetUtcNow();
            var position = await db.Set<ProductImage>().Where(i => i.ProductId == product.Id).Select(i => (int?)i.Position).MaxAsync(ct) ?? -1;
            var image = new ProductImage
            {
                Id = Guid.CreateVersion7(now), ProductId = product.Id, Position = position + 1, ContentType = type.ContentType,
                Extension = type.Extension, Alt = string.IsNullOrWhiteSpace(alt) ? null : alt.Trim()[..Math.Min(alt.Trim().Length, 200)], CreatedAt = now.UtcDateTime,
            };
            var path = ServeProductImage.StoragePath(options.Value.ResolveDataDir(), product.Id, image.Id, image.Extension);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, bytes, ct);
            db.Set<ProductImage>().Add(image);
            product.UpdatedAt = now.UtcDateTime;
            audit.Append("ProductImageAdded", null, actor, new { product.Sku, imageId = image.Id, image.ContentType, length });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await changes.ProductsChangedAsync([], ct); // this instance's search shows it at once
            return new Outcome.Added(image.Id);
        }
    }
}
