using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Keys.Contracts;
using Orderly.Library.Contracts;
using Orderly.Persistence;

namespace Orderly.Library;

/// <summary>One item of the buyer's library as the API and the page show it.</summary>
public sealed record LibraryItem(Guid Id, Guid OrderId, string Sku, string ProductName, string Type, string? Code, bool Revealed,
    string? DownloadUrl, int? DownloadsLeft, DateTime? DownloadExpiresAt, DateTime AddedAt, bool Revoked = false);

/// <summary><c>GET /api/library?token=&amp;q=&amp;sort=added|name&amp;dir=asc|desc</c>: the buyer's products; codes masked until revealed.</summary>
internal static class BrowseLibrary
{
    public static async Task<Results<Ok<List<LibraryItem>>, ProblemHttpResult>> HandleAsync(
        string? q, string? sort, string? dir, HttpRequest request, UrlSigner signer, Handler handler, CancellationToken ct) =>
        LibraryAccess.Customer(request, signer) is { } customerId
            ? TypedResults.Ok(await handler.ListAsync(customerId, q, sort, dir, ct))
            : LibraryAccess.Denied();

    /// <summary>The customer's items: <paramref name="q"/> searches product name and SKU; sort <c>added</c> (default) or <c>name</c>.</summary>
    internal sealed class Handler(OrderlyDbContext db, IKeyVault vault, ILibraryLinks links, TimeProvider time)
    {
        public async Task<List<LibraryItem>> ListAsync(Guid customerId, string? q, string? sort, string? dir, CancellationToken ct)
        {
            var query = db.Set<LibraryEntry>().AsNoTracking().Where(e => e.CustomerId == customerId);
            if (!string.IsNullOrWhiteSpace(q))
            {
                var term = q.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // translated to SQL: lower(x) LIKE '%term%' on every provider
                query = query.Where(e => e.ProductName.ToLower().Contains(term) || e.Sku.ToLower().Contains(term));
#pragma warning restore CA1862
            }
            var descending = !string.Equals(dir, "asc", StringComparison.OrdinalIgnoreCase);
            query = (sort?.ToLowerInvariant(), descending) switch
            {
                ("name", false) => query.OrderBy(e => e.ProductName).ThenBy(e => e.Id),
                ("name", true) => query.OrderByDescending(e => e.ProductName).ThenBy(e => e.Id),
                (_, false) => query.OrderBy(e => e.AddedAt).ThenBy(e => e.Id),
                _ => query.OrderByDescending(e => e.AddedAt).ThenBy(e => e.Id),
            };
            var entries = await query.Take(1000).ToListAsync(ct);
            return await ToItemsAsync(entries, db, vault, links, time, ct);
        }
    }

    public static async Task<List<LibraryItem>> ToItemsAsync(List<LibraryEntry> entries, OrderlyDbContext db, IKeyVault vault, ILibraryLinks links, TimeProvider time, CancellationToken ct)
    {
        var keyIds = entries.Where(e => e.KeyId is not null && e.RevokedAt is null).Select(e => e.KeyId!.Value).ToList();
        var codes = keyIds.Count == 0 ? new Dictionary<Guid, string>() : await vault.RevealAsync(keyIds, ct);
        var grantIds = entries.Where(e => e.FileGrantId is not null).Select(e => e.FileGrantId!.Value).ToList();
        var grants = await db.Set<FileGrant>().AsNoTracking().Where(g => grantIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var items = new List<LibraryItem>(entries.Count);
        foreach (var e in entries)
        {
            if (e.RevokedAt is not null)
            {
                // Refunded: listed so the buyer sees what happened, but the code (which may be on sale again) and the link are gone.
                items.Add(new LibraryItem(e.Id, e.OrderId, e.Sku, e.ProductName, e.KeyId is null ? "file" : "code", null, false, null, null, null, e.AddedAt, Revoked: true));
            }
            else if (e.KeyId is { } keyId)
            {
                var code = codes.GetValueOrDefault(keyId) ?? "";
                var shown = e.RevealedAt is not null ? code : KeyMask.Mask(code);
                items.Add(new LibraryItem(e.Id, e.OrderId, e.Sku, e.ProductName, "code", shown, e.RevealedAt is not null, null, null, null, e.AddedAt));
            }
            else if (e.FileGrantId is { } grantId && grants.TryGetValue(grantId, out var grant))
            {
                var usable = grant.ExpiresAt > now && grant.Downloads < grant.MaxDownloads;
                items.Add(new LibraryItem(e.Id, e.OrderId, e.Sku, e.ProductName, "file", null, false,
                    usable ? links.DownloadLink(grantId, grant.ExpiresAt).Url : null, grant.MaxDownloads - grant.Downloads, grant.ExpiresAt, e.AddedAt));
            }
        }
        return items;
    }
}
