namespace Orderly.Orders.Contracts;

/// <summary>A report period: whole UTC days, both ends included.</summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>Midnight UTC at the start of <see cref="From"/>.</summary>
    public DateTime Start => From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>Midnight UTC after <see cref="To"/> (exclusive).</summary>
    public DateTime End => To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>The <paramref name="days"/> UTC days up to and including <paramref name="today"/>.</summary>
    public static ReportPeriod Last(int days, DateOnly today) => new(today.AddDays(1 - days), today);
}

/// <summary>
/// What one product sold in one currency over a period (paid, non-test orders, by payment day).
/// Refunds are whole units taken back at the line's unit price, counted against the sale's period.
/// </summary>
public sealed record ProductSalesFigures(Guid ProductId, string Sku, string Name, string Currency, int Units, int RefundedUnits, long Revenue, long Refunds)
{
    public int NetUnits => Units - RefundedUnits;

    public long Net => Revenue - Refunds;
}

/// <summary>Sales per product for the staff reports (Catalog rolls them up by category, Inventory into turnover).</summary>
public interface ISalesByProduct
{
    /// <summary>One row per product and currency; <paramref name="currency"/> null for every currency.</summary>
    Task<IReadOnlyList<ProductSalesFigures>> ForPeriodAsync(ReportPeriod period, string? currency, CancellationToken cancellationToken);
}
