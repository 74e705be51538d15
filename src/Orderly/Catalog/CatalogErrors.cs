namespace Orderly.Catalog;

/// <summary>Stable error codes of the catalog.</summary>
public static class CatalogErrors
{
    public const string ProductNotFound = "catalog.product_not_found";
    public const string DuplicateSku = "catalog.duplicate_sku";
    public const string FileTooLarge = "catalog.file_too_large";
    public const string FileNotAccepted = "catalog.file_not_accepted";
}
