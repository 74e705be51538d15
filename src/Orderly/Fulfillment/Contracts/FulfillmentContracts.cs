using Orderly.Messaging;

namespace Orderly.Fulfillment.Contracts;

/// <summary>
/// Everything the buyer gets is assigned: codes allocated, file grants issued. Carries ids only;
/// delivery channels decrypt codes themselves, so no secret ever sits in the outbox.
/// </summary>
[WireName("fulfillment.order_fulfilled")]
public sealed record OrderFulfilled(Guid OrderId, Guid CustomerId, string Email, IReadOnlyList<FulfilledLine> Lines, DateTime At);

public sealed record FulfilledLine(Guid OrderLineId, Guid ProductId, string Sku, string ProductName, int Quantity, IReadOnlyList<Guid> KeyIds, Guid? FileGrantId);

/// <summary>Paid, but the pool ran dry for a line; the order waits for stock.</summary>
[WireName("fulfillment.awaiting_stock")]
public sealed record FulfillmentAwaitingStock(Guid OrderId, string Sku);

/// <summary>Paid, but something needs a person (e.g. the amount paid does not match the order).</summary>
[WireName("fulfillment.on_hold")]
public sealed record FulfillmentOnHold(Guid OrderId, string Reason);

/// <summary>
/// An order that was waiting (for stock, or on hold for a review) goes on: fulfillment was requested
/// again. Orders moves it back to Processing.
/// </summary>
[WireName("fulfillment.resumed")]
public sealed record FulfillmentResumed(Guid OrderId, string Reason);
