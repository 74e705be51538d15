using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>
/// <c>GET /media/products/{imageId}</c>: a product image from DataDir/media. Image ids never change
/// content (a new upload gets a new id), so responses are cached for a year.
/// </summary>
internal static class ServeProductImage
{
    private const string CacheControl = "public, max-age=31536000, immutable";

    /// <summary>Where an image's file lives.</summary>
    public static string StoragePath(string dataDir, Guid productId, Guid imageId, string extension) =>
        Path.Combine(dataDir, "media", "products", productId.ToString("N"), imageId.ToString("N") + extension);

    public static async Task<Results<PhysicalFileHttpResult, NotFound>> HandleAsync(Guid imageId, OrderlyDbContext db, IOptions<OrderlyOptions> options,
        HttpContext http, CancellationToken ct)
    {
        var image = await db.Set<ProductImage>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == imageId, ct);
        // Only image types are ever served from here, whatever a row says.
        if (image is null || !image.ContentType.StartsWith("image/", StringComparison.Ordinal))
        {
            return TypedResults.NotFound();
        }
        var path = StoragePath(options.Value.ResolveDataDir(), image.ProductId, image.Id, image.Extension);
        if (!File.Exists(path))
        {
            return TypedResults.NotFound();
        }
        var headers = http.Response.Headers;
        headers.CacheControl = CacheControl;
        headers.XContentTypeOptions = "nosniff";
        // An SVG opened on its own is a document: it may never run script or load anything.
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
        return TypedResults.PhysicalFile(path, image.ContentType, enableRangeProcessing: false);
    }
}
