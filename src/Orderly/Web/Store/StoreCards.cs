using Orderly.Catalog;
using Orderly.Inventory.Contracts;

namespace Orderly.Web.Store;

/// <summary>Catalog summaries as the shared product card shows them.</summary>
public static class StoreCards
{
    public static string ImageUrl(Guid imageId) => $"/media/products/{imageId:N}";

    public static string ProductUrl(string sku) => "/products/" + Uri.EscapeDataString(sku);

    public static string CategoryUrl(string slug) => "/c/" + Uri.EscapeDataString(slug);

    public static ProductCardModel ToCard(this ProductSummary s) =>
        new(s.Sku, s.Name, s.Brand, s.Price, s.CompareAtPrice, s.ImageId is { } id ? ImageUrl(id) : null, s.Stock != StockState.OutOfStock, Badges(s));

    public static IReadOnlyList<ProductBadge> Badges(ProductSummary s)
    {
        var badges = new List<ProductBadge>();
        if (s.Badges.HasFlag(ProductBadges.Sale))
        {
            badges.Add(new("Sale", "bad"));
        }
        if (s.Badges.HasFlag(ProductBadges.New))
        {
            badges.Add(new("New", "ok"));
        }
        if (s.Badges.HasFlag(ProductBadges.BestSeller))
        {
            badges.Add(new("Best seller", "warn"));
        }
        if (s.Stock == StockState.Low)
        {
            badges.Add(new("Only a few left", "warn"));
        }
        return badges;
    }

    /// <summary>What the product page says about stock.</summary>
    public static (string Text, string Css) StockText(StockState state) => state switch
    {
        StockState.InStock => ("In stock", "ok"),
        StockState.Low => ("Low stock: only a few left", "warn"),
        _ => ("Out of stock", "bad"),
    };
}
