namespace Orderly.Catalog.Contracts;

/// <summary>The test product (D7): an order of nothing else runs the whole path as a test, without a real sale.</summary>
public static class TestProducts
{
    /// <summary>Its SKU, compared without regard to case.</summary>
    public const string Sku = "DGTEST";

    public static bool IsTestSku(string? sku) => string.Equals(sku, Sku, StringComparison.OrdinalIgnoreCase);
}
