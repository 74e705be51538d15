namespace Orderly.Shipping.Contracts;

/// <summary>A shipment as the buyer's order page shows it (no address: the buyer knows it).</summary>
/// <param name="Status"><c>packing</c>, <c>shipped</c> or <c>delivered</c>.</param>
public sealed record BuyerShipment(Guid Id, string Status, string? Carrier, string? TrackingNumber, DateTime CreatedAt, DateTime? ShippedAt,
    DateTime? DeliveredAt, IReadOnlyList<BuyerShipmentLine> Lines, IReadOnlyList<BuyerTrackingStep> Tracking);

public sealed record BuyerShipmentLine(string Sku, string ProductName, int Quantity);

public sealed record BuyerTrackingStep(string Status, string? Location, DateTime At);

/// <summary>Shipments of an order, for its buyer.</summary>
public interface IBuyerShipments
{
    Task<IReadOnlyList<BuyerShipment>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken);
}

/// <summary>A buyer deleted their account: the addresses their orders shipped to are blanked.</summary>
public interface IShippingAddressErasure
{
    /// <summary>Blanks name, address lines, postal code and phone of these orders (joins the caller's transaction; the country stays for the books).</summary>
    Task EraseAsync(IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken);
}
