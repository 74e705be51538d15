namespace Orderly.Reseller;

/// <summary>
/// The lowest unit price a merchant may pay (G1): the catalog price in EUR less the merchant's
/// wholesale discount. Without it any <c>balance</c> would buy the catalog at whatever the
/// reseller chose to pay.
/// </summary>
internal static class PriceFloor
{
    public const string DiscountRule = "must be a percentage from 0 to 100 with at most two decimals.";

    public static bool IsValidDiscount(decimal percent) => percent is >= 0 and <= 100 && decimal.Round(percent, 2) == percent;

    /// <summary>
    /// catalog × (1 − discount), in EUR cents, rounded up: a floor of 12.345 is 12.35, so a price
    /// rounded down never slips under it.
    /// </summary>
    public static long FloorEurMinor(long catalogUnitEurMinor, decimal discountPercent) =>
        (long)decimal.Ceiling(catalogUnitEurMinor * (100m - discountPercent) / 100m);

    /// <summary>The catalog's unit price in EUR cents: the order total (catalog priced) over the quantity, converted when the shop's currency is not EUR.</summary>
    public static long CatalogUnitEurMinor(long totalMinor, int quantity, decimal eurPerUnit) =>
        Fx.UnitEurMinor(totalMinor / Math.Max(1, quantity), eurPerUnit);

    public static bool IsBelow(long unitEurMinor, long floorEurMinor) => unitEurMinor < floorEurMinor;
}
