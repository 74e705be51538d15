namespace Orderly.Fulfillment;

/// <summary>Fulfillment settings, bound to the "Fulfillment" configuration section.</summary>
public sealed class FulfillmentOptions
{
    public const string Section = "Fulfillment";

    /// <summary>
    /// How often orders waiting for stock are tried again when stock came back some other way than
    /// a key import (a reservation released, a count corrected). Default 5 min.
    /// </summary>
    public TimeSpan AwaitingStockRetryInterval { get; set; } = TimeSpan.FromMinutes(5);
}
