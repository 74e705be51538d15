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
}
