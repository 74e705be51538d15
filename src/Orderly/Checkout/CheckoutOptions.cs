namespace Orderly.Checkout;

/// <summary>Bound to the "Checkout" section.</summary>
public sealed class CheckoutOptions
{
    public const string Section = "Checkout";

    /// <summary>Most orders written in one checkout transaction (group commit). Default 128.</summary>
    public int MaxBatchSize { get; set; } = 128;

    /// <summary>
    /// Checkout transactions in flight at once in this instance. Default: what the database
    /// takes (1 on SQLite, whose writes are serialized anyway; 4 on PostgreSQL, so one batch's
    /// inserts overlap another's commit).
    /// </summary>
    public int? Writers { get; set; }
}
