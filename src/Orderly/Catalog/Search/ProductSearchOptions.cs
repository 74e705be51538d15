namespace Orderly.Catalog.Search;

/// <summary>Bound to the "Catalog:Search" section.</summary>
public sealed class ProductSearchOptions
{
    public const string Section = "Catalog:Search";

    /// <summary>
    /// How often each instance polls the database for products another instance changed
    /// (<c>UpdatedAt</c> past its watermark). Default 2 s; this instance's own changes show at once.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}
