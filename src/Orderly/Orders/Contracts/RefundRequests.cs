using Orderly.Messaging;

namespace Orderly.Orders.Contracts;

/// <summary>
/// Staff decided a buyer's refund request: approved (the refund itself follows as
/// <see cref="OrderRefunded"/>) or declined, with <paramref name="Message"/> for the buyer.
/// Published by Orders in the transaction that records the decision; Delivery e-mails the buyer.
/// </summary>
[WireName("orders.refund_request_decided")]
public sealed record RefundRequestDecided(Guid OrderId, Guid RequestId, bool Approved, string? Message, DateTime At);
