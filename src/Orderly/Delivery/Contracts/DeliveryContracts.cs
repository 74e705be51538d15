using Orderly.Fulfillment.Contracts;
using Orderly.Messaging;

namespace Orderly.Delivery.Contracts;

/// <summary>The buyer asked for their delivery e-mail again.</summary>
[WireName("delivery.resend_requested")]
public sealed record ResendDeliveryEmail(Guid OrderId, Guid CustomerId, string Email, IReadOnlyList<FulfilledLine> Lines);

/// <summary>The first delivery e-mail of an order was handed to the mail server (once per order).</summary>
[WireName("delivery.order_delivered")]
public sealed record OrderDelivered(Guid OrderId, string Email, DateTime At);
