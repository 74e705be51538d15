using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Keys.Contracts;
using Orderly.Library.Contracts;
using Orderly.Persistence;

namespace Orderly.Library;

/// <summary><c>GET /library?token=</c>: the page the delivery e-mail links to.</summary>
internal static class ShowLibraryPage
{
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> HandleAsync(
        HttpRequest request, UrlSigner signer, OrderlyDbContext db, IKeyVault vault, ILibraryLinks links, HtmlComponentRenderer renderer, TimeProvider time, CancellationToken ct)
    {
        if (LibraryAccess.Customer(request, signer) is not { } customerId)
        {
            return LibraryAccess.Denied();
        }
        var entries = await db.Set<LibraryEntry>().AsNoTracking().Where(e => e.CustomerId == customerId)
            .OrderByDescending(e => e.AddedAt).ThenBy(e => e.Id).Take(1000).ToListAsync(ct);
        var items = await BrowseLibrary.ToItemsAsync(entries, db, vault, links, time, ct);
        var html = await renderer.RenderAsync<LibraryPage>(new()
        {
            [nameof(LibraryPage.Items)] = items,
            [nameof(LibraryPage.Token)] = WebUtility.UrlEncode(request.Query["token"].ToString()),
        });
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }
}
