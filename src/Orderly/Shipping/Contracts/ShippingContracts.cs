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
