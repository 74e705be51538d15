using System.Globalization;
using Orderly.Catalog.Contracts;

namespace Orderly.Web.Store;

/// <summary>
/// What /search shows, as its query string says (q, brand, category, min, max, sort, page), and the
/// links that change one part of it (remove a filter, another page, a price band). Prices in the
/// address are what shoppers type ("19.99"); the search takes minor units.
/// </summary>
public sealed record SearchState(string? Query, IReadOnlyList<string> Brands, IReadOnlyList<string> Categories, string? Min, string? Max, string? Sort, int Page)
{
    public static readonly IReadOnlyList<(string Value, string Label, ProductSort Sort)> SortOptions =
    [
        ("relevance", "Best match", ProductSort.Relevance),
        ("newest", "Newest", ProductSort.Newest),
        ("price-asc", "Price: low to high", ProductSort.PriceAscending),
        ("price-desc", "Price: high to low", ProductSort.PriceDescending),
        ("name", "Name", ProductSort.Name),
    ];

    public ProductSort SortOrder => SortOptions.FirstOrDefault(o => o.Value == Sort).Sort;

    /// <summary>"19.99" → 1999; null for empty, <paramref name="valid"/> false for anything else.</summary>
    public static long? ParsePrice(string? text, out bool valid)
    {
        valid = true;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount <= 1_000_000_000m)
        {
            return (long)decimal.Round(amount * 100m, MidpointRounding.AwayFromZero);
        }
        valid = false;
        return null;
    }

    /// <summary>1999 → "19.99", 2000 → "20".</summary>
    public static string FormatPrice(long minor) =>
        minor % 100 == 0 ? (minor / 100).ToString(CultureInfo.InvariantCulture) : (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public ProductSearchRequest ToRequest(int pageSize = ProductSearchRequest.DefaultPageSize) =>
        new(Query, Brands, Categories, ParsePrice(Min, out _), ParsePrice(Max, out _), SortOrder, Math.Max(1, Page), pageSize);

    /// <summary>This search as a local address; any change resets to page 1 unless it sets the page.</summary>
    public string ToUrl()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        Add("q", Query);
        foreach (var brand in Brands)
        {
            Add("brand", brand);
        }
        foreach (var category in Categories)
        {
            Add("category", category);
        }
        Add("min", Min);
        Add("max", Max);
        Add("sort", Sort is "relevance" ? null : Sort);
        Add("page", Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null);
        return parts.Count == 0 ? "/search" : "/search?" + string.Join('&', parts);
    }

    public string WithoutBrand(string brand) => (this with { Brands = [.. Brands.Where(b => b != brand)], Page = 1 }).ToUrl();

    public string WithoutCategory(string slug) => (this with { Categories = [.. Categories.Where(c => c != slug)], Page = 1 }).ToUrl();

    public string WithoutPrice() => (this with { Min = null, Max = null, Page = 1 }).ToUrl();

    public string WithoutQuery() => (this with { Query = null, Page = 1 }).ToUrl();

    public string OnPage(int page) => (this with { Page = page }).ToUrl();

    /// <summary>A price band of the facet: from its lower bound to just under its upper one (the filter is inclusive).</summary>
    public string InPriceBand(PriceRangeFacet band) =>
        (this with { Min = band.Min > 0 ? FormatPrice(band.Min) : null, Max = band.Max is { } max ? FormatPrice(max - 1) : null, Page = 1 }).ToUrl();

    public bool HasFilters => Brands.Count > 0 || Categories.Count > 0 || !string.IsNullOrWhiteSpace(Min) || !string.IsNullOrWhiteSpace(Max);
}
