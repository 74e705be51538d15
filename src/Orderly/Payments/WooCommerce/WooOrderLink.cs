namespace Orderly.Payments.WooCommerce;

/// <summary>
/// A WooCommerce order and the Orderly order that mirrors it (or that it pays, for the order-pay
/// route). (Store, WooOrderId) and OrderId are unique. <see cref="LastModifiedGmt"/> is the
/// <c>date_modified_gmt</c> of the newest state applied: an older delivery changes nothing.
/// </summary>
internal sealed class WooOrderLink
{
    public Guid Id { get; set; }

    /// <summary>The store's address as its webhooks name it (<c>X-WC-Webhook-Source</c>), without a trailing slash.</summary>
    public required string Store { get; set; }

    public long WooOrderId { get; set; }
    public Guid OrderId { get; set; }

    /// <summary>UTC.</summary>
    public DateTime? LastModifiedGmt { get; set; }

    /// <summary>The newest status WooCommerce reported (e.g. <c>processing</c>).</summary>
    public string? LastStatusSeen { get; set; }

    /// <summary>The last status Orderly set on the Woo order.</summary>
    public string? LastStatusPushed { get; set; }

    public DateTime CreatedAt { get; set; }
}
