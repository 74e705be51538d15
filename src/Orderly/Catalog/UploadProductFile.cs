using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>
/// <c>PUT /api/admin/products/{sku}/file?name=manual.pdf</c> with the raw bytes as the body: the file
/// buyers of a file/mixed product download. Written to a temporary file and moved into place, so a
/// failed upload never replaces a good file.
/// </summary>
internal static class UploadProductFile
{
    public const long MaxBytes = 512L * 1024 * 1024;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> HandleAsync(
        string sku, string? name, HttpRequest request, OrderlyDbContext db, IOptions<OrderlyOptions> options,
        IAdminActionLog adminLog, ProductSnapshots snapshots, TimeProvider time, CancellationToken ct)
    {
        var product = await db.Set<Product>().FirstOrDefaultAsync(p => p.Sku == sku, ct);
        if (product is null)
        {
            return Problems.NotFound(CatalogErrors.ProductNotFound, $"No product with SKU '{sku}'.");
        }
        if (product.Delivery is not (DeliveryKind.File or DeliveryKind.Mixed))
        {
            return Problems.Conflict(CatalogErrors.FileNotAccepted, "Only products with delivery 'file' or 'mixed' carry a file.");
        }
        var fileName = Path.GetFileName(name ?? "");
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Length > 255 || fileName.Any(c => char.IsControl(c)))
        {
            return Problems.Validation([new ValidationError("name", "query parameter 'name' must be a plain file name, e.g. ?name=manual.pdf")]);
        }
        if (request.ContentLength is > MaxBytes)
        {
            return Problems.Create(413, CatalogErrors.FileTooLarge, "File too large.", $"At most {MaxBytes} bytes.");
        }

        var directory = Path.Combine(options.Value.ResolveDataDir(), "files", product.Id.ToString("N"));
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".upload-{Guid.NewGuid():N}");
        long length;
        string sha256;
        try
        {
            await using (var target = File.Create(temporary))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                length = 0;
                int read;
                while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
                {
                    length += read;
                    if (length > MaxBytes)
                    {
                        return Problems.Create(413, CatalogErrors.FileTooLarge, "File too large.", $"At most {MaxBytes} bytes.");
                    }
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            if (length == 0)
            {
                return Problems.Validation([new ValidationError("body", "the file is empty.")]);
            }
            File.Move(temporary, Path.Combine(directory, "current"), overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        product.FileName = fileName;
        product.FileLength = length;
        product.FileSha256 = sha256;
        product.FileContentType = ContentTypes.TryGetContentType(fileName, out var type) ? type : "application/octet-stream";
        product.UpdatedAt = time.GetUtcNow().UtcDateTime;
        adminLog.Record("ProductFileUploaded", null, new { sku, fileName, length, sha256 });
        await db.SaveChangesAsync(ct);
        snapshots.Forget(sku);
        return TypedResults.Ok(product.ToResponse());
    }

    public static string StoragePath(string dataDir, Guid productId) => Path.Combine(dataDir, "files", productId.ToString("N"), "current");
}
