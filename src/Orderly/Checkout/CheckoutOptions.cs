namespace Orderly.Checkout;

/// <summary>Bound to the "Checkout" section.</summary>
public sealed class CheckoutOptions
{
    public const string Section = "Checkout";

    /// <summary>Most orders written in one checkout transaction (group commit). Default 128.</summary>
    public int MaxBatchSize { get; set; } = 128;

    /// <summary>
    /// Checkout transactions in flight at once in this instance. Default 1: a hot product's stock
    /// row serializes batches anyway, and one writer keeps batches large when the load is high.
    /// </summary>
    public int Writers { get; set; } = 1;
}
