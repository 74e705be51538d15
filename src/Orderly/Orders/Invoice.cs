namespace Orderly.Orders;

/// <summary>
/// The invoice number of a paid order (table orders_invoices), given once, in the transaction that
/// records the payment (<see cref="IssueInvoice"/>).
/// </summary>
internal sealed class Invoice
{
    public Guid OrderId { get; set; }
    /// <summary><see cref="InvoiceCounter.Default"/>, or <see cref="InvoiceCounter.Test"/> for test-mode orders (no money moved: they must not use up real numbers).</summary>
    public required string Series { get; set; }
    public long Number { get; set; }
    public DateTime IssuedAt { get; set; }

    /// <summary>As printed: <c>INV-000042</c>, or <c>TEST-000007</c>.</summary>
    public static string Format(string series, long number) =>
        $"{(series == InvoiceCounter.Test ? "TEST" : "INV")}-{number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>The last invoice number given in a series (table orders_invoice_counters; one row per series, created by the migration).</summary>
internal sealed class InvoiceCounter
{
    public const string Default = "default";
    public const string Test = "test";

    public required string Series { get; set; }
    public long LastNumber { get; set; }
}

/// <summary>Bound to "Invoices": the seller printed on every invoice.</summary>
public sealed class InvoiceOptions
{
    public const string Section = "Invoices";

    /// <summary>The shop's legal name. Default: empty (nothing printed).</summary>
    public string SellerName { get; set; } = "";

    /// <summary>The shop's postal address; line breaks are kept. Default: empty.</summary>
    public string SellerAddress { get; set; } = "";

    /// <summary>The shop's VAT identification number. Default: empty.</summary>
    public string SellerVatId { get; set; } = "";
}
