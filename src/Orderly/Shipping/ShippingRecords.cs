namespace Orderly.Shipping;

/// <summary>The address and method a buyer gave at checkout, kept until the order's shipment is made.</summary>
internal sealed class ShippingAddress
{
    public Guid OrderId { get; set; }
    public required string Method { get; set; }
    public required string Name { get; set; }
    public required string Line1 { get; set; }
    public string? Line2 { get; set; }
    public required string City { get; set; }
    public required string PostalCode { get; set; }
    public required string Country { get; set; }
    public string? Phone { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// The physical lines of one order on their way: packing → shipped → delivered. It goes to the
/// order's <see cref="ShippingAddress"/> (same order id), kept once rather than copied here.
/// </summary>
internal sealed class Shipment
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public ShipmentStatus Status { get; set; }
    public string? Carrier { get; set; }
    public string? TrackingNumber { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ShippedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public List<ShipmentLine> Lines { get; set; } = [];
}

internal sealed class ShipmentLine
{
    public Guid Id { get; set; }
    public Guid ShipmentId { get; set; }
    public Guid OrderLineId { get; set; }
    public required string Sku { get; set; }
    public required string ProductName { get; set; }
    public int Quantity { get; set; }
}

/// <summary>A courier's tracking step (free text as the courier says it), shown to the buyer.</summary>
internal sealed class TrackingEvent
{
    public long Id { get; set; }
    public Guid ShipmentId { get; set; }
    public required string Status { get; set; }
    public string? Location { get; set; }
    public DateTime At { get; set; }
}

internal enum ShipmentStatus
{
    Packing = 0,
    Shipped = 1,
    Delivered = 2,
}
