namespace Orderly.Catalog;

/// <summary>Bound to the "Catalog" section.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>
    /// How old a product read may be when checkout prices a cart (see ProductSnapshots).
    /// Default 1 s; zero reads the database for every checkout.
    /// </summary>
    public TimeSpan SnapshotTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A product shows the "New" badge for this many days after it was created (default 30).</summary>
    public int NewBadgeDays { get; set; } = 30;

    /// <summary>Best sellers are counted over the paid orders of this many days (default 30).</summary>
    public int BestSellerDays { get; set; } = 30;

    /// <summary>How long the storefront reuses the best-seller ranking before asking Orders again (default 1 minute).</summary>
    public TimeSpan BestSellerCacheTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the home page's product lists are reused (default 30 s; zero: read every time).
    /// Catalog changes drop them sooner: at once on the instance that made the change, within the
    /// search index's refresh interval on the others. Stock states are always read per page.
    /// </summary>
    public TimeSpan HomeSectionsCacheTtl { get; set; } = TimeSpan.FromSeconds(30);
}
