using Orderly.Messaging;

namespace Orderly.Shipping.Contracts;

/// <summary>The physical lines of a paid order were handed to the shipment workflow (status packing).</summary>
[WireName("shipping.shipment_created")]
public sealed record ShipmentCreated(Guid OrderId, Guid ShipmentId, IReadOnlyList<Guid> OrderLineIds, DateTime At);

/// <summary>A shipment left with a courier.</summary>
[WireName("shipping.shipment_shipped")]
public sealed record ShipmentShipped(Guid OrderId, Guid ShipmentId, string Carrier, string TrackingNumber, DateTime At);

/// <summary>A shipment reached the buyer: with the digital lines fulfilled, the order is complete.</summary>
[WireName("shipping.shipment_delivered")]
public sealed record ShipmentDelivered(Guid OrderId, Guid ShipmentId, DateTime At);

/// <summary>Where a buyer wants the physical lines of an order sent (ISO 3166 alpha-2 country).</summary>
public sealed record ShippingDestination(string Name, string Line1, string? Line2, string City, string PostalCode, string Country, string? Phone)
{
    /// <summary>Longest name, address line, city, tracking status or location (characters).</summary>
    public const int MaxField = 200;

    /// <summary>Longest postal code or phone number (characters).</summary>
    public const int MaxShortField = 32;
}

/// <summary>Shipping as checkout uses it: keeps the address an order's shipment will go to.</summary>
public interface IShippingAddresses
{
    /// <summary>Adds the order's address and shipping method to the caller's unit of work.</summary>
    void Record(Guid orderId, ShippingDestination destination, string method);
}

/// <summary>Where an order ships (the invoice prints it).</summary>
public interface IShippingDestinations
{
    /// <summary>The address the buyer gave at checkout; null for an order without physical lines (or erased with the account).</summary>
    Task<ShippingDestination?> FindAsync(Guid orderId, CancellationToken cancellationToken);
}
