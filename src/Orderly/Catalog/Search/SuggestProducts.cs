using Microsoft.AspNetCore.Http.HttpResults;
using Orderly.Catalog.Contracts;

namespace Orderly.Catalog.Search;

/// <summary><c>GET /search/suggest?q=</c>: up to 8 products for the search box's autocomplete.</summary>
internal static class SuggestProducts
{
    public const int Limit = 8;

    /// <summary>Longer input is not a product name being typed.</summary>
    public const int MaxQueryLength = 100;

    public sealed record Suggestion(string Sku, string Name, string Url);

    public static async Task<Ok<List<Suggestion>>> HandleAsync(string? q, IProductSearch search, HttpContext http, CancellationToken ct)
    {
        // Shoppers type fast: let the browser reuse an answer for a few seconds.
        http.Response.Headers.CacheControl = "public, max-age=10";
        if (string.IsNullOrWhiteSpace(q) || q.Length > MaxQueryLength)
        {
            return TypedResults.Ok(new List<Suggestion>());
        }
        var found = await search.SuggestAsync(q, Limit, ct);
        return TypedResults.Ok(found.Select(s => new Suggestion(s.Sku, s.Name, $"/products/{Uri.EscapeDataString(s.Sku)}")).ToList());
    }
}
