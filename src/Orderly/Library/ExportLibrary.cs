using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Keys.Contracts;
using Orderly.Library.Contracts;
using Orderly.Persistence;
using Orderly.Hosting;

namespace Orderly.Library;

/// <summary><c>GET /api/library/export.csv</c>: every item with full codes (so it counts as revealed, and is audited).</summary>
internal static class ExportLibrary
{
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> HandleAsync(
        HttpRequest request, UrlSigner signer, OrderlyDbContext db, IKeyVault vault, ILibraryLinks links, IAuditLog audit, TimeProvider time, CancellationToken ct)
    {
        if (LibraryAccess.Customer(request, signer) is not { } customerId)
        {
            return LibraryAccess.Denied();
        }
        var entries = await db.Set<LibraryEntry>().Where(e => e.CustomerId == customerId).OrderBy(e => e.AddedAt).ThenBy(e => e.Id).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var entry in entries.Where(e => e.KeyId is not null && e.RevokedAt is null))
        {
            entry.RevealedAt ??= now;
        }
        var items = await BrowseLibrary.ToItemsAsync(entries, db, vault, links, time, ct);

        await using var writer = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            csv.WriteField("product");
            csv.WriteField("sku");
            csv.WriteField("order_id");
            csv.WriteField("type");
            csv.WriteField("code");
            csv.WriteField("download_url");
            csv.WriteField("added_at");
            await csv.NextRecordAsync();
            foreach (var item in items)
            {
                csv.WriteField(item.ProductName);
                csv.WriteField(item.Sku);
                csv.WriteField(item.OrderId);
                csv.WriteField(item.Type);
                csv.WriteField(item.Code ?? "");
                csv.WriteField(item.DownloadUrl ?? "");
                csv.WriteField(item.AddedAt.ToString("O", CultureInfo.InvariantCulture));
                await csv.NextRecordAsync();
            }
        }

        var keyIds = entries.Where(e => e.KeyId is not null && e.RevokedAt is null).Select(e => e.KeyId!.Value).ToList();
        await using var transaction = await db.BeginWriteAsync(ct);
        await vault.MarkRevealedAsync(keyIds, ct);
        audit.Append("LibraryExported", null, "buyer", new { customerId, items = items.Count });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", "my-digital-products.csv");
    }
}
