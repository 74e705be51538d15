using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Library;

/// <summary>
/// <c>GET /downloads/{token}</c>: a signed, expiring, counted link. The count is taken with one
/// conditional update, so parallel clicks can never exceed the limit; each download is audited.
/// </summary>
internal static class DownloadFile
{
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> HandleAsync(
        string token, UrlSigner signer, OrderlyDbContext db, IProductCatalog catalog, IAuditLog audit, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        if (signer.Verify(LibraryLinks.DownloadPurpose, token) is not { } grantId)
        {
            return Problems.Create(StatusCodes.Status410Gone, "library.download_link_invalid", "This download link is invalid or has expired.",
                "Open your library for a fresh link.");
        }
        var grant = await db.Set<FileGrant>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == grantId, ct);
        if (grant is null)
        {
            return Problems.Create(StatusCodes.Status410Gone, "library.download_link_invalid", "This download link is no longer valid.");
        }
        if (grant.RevokedAt is not null)
        {
            return Problems.Create(StatusCodes.Status410Gone, "library.access_revoked", "This purchase was refunded; its downloads are no longer available.");
        }
        var file = await catalog.OpenFileAsync(grant.ProductId, ct);
        if (file is null)
        {
            return Problems.NotFound("library.file_missing", "The file is not available right now; the shop has been told.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteAsync(ct);
        var counted = await db.Set<FileGrant>()
            .Where(g => g.Id == grantId && g.Downloads < g.MaxDownloads && g.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.Downloads, g => g.Downloads + 1), ct);
        if (counted == 0)
        {
            await transaction.RollbackAsync(ct);
            return Problems.Create(StatusCodes.Status410Gone, "library.download_limit_reached", "No downloads left on this link.",
                $"A purchase includes {grant.MaxDownloads} downloads within its validity; contact the shop for more.");
        }
        audit.Append("UserDownloaded", grant.OrderId, "buyer", new { grantId, fileName = file.FileName, ip = http.Connection.RemoteIpAddress?.ToString() });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.File(file.Open(), file.ContentType, file.FileName, enableRangeProcessing: false);
    }
}
