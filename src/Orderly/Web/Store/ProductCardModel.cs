using Orderly.Hosting;

namespace Orderly.Web.Store;

/// <summary>What a product card shows. Every list of products in the storefront renders these.</summary>
/// <param name="ImageUrl">The first image (a local /media URL), or null for the lettered placeholder.</param>
/// <param name="CompareAtPrice">The "was" price of a promotion.</param>
public sealed record ProductCardModel(string Sku, string Name, string? Brand, Money Price, Money? CompareAtPrice, string? ImageUrl,
    bool InStock, IReadOnlyList<ProductBadge> Badges);

/// <summary>A label on a card: "New", "Sale", "Best seller". <paramref name="Css"/> is a badge class (ok, warn, bad or empty).</summary>
public sealed record ProductBadge(string Text, string Css = "");
