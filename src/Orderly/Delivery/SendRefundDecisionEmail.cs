using Orderly.Messaging;
using Orderly.Orders.Contracts;

namespace Orderly.Delivery;

/// <summary>Tells the buyer what the shop decided about their refund request, with the shop's message.</summary>
[ExternalEffects]
internal sealed class SendRefundDecisionEmail(OrderNoticeSender notices) : IMessageHandler<RefundRequestDecided>
{
    public Task HandleAsync(RefundRequestDecided message, MessageContext context, CancellationToken cancellationToken)
    {
        var paragraphs = new List<string>
        {
            message.Approved
                ? "We approved your refund request. The refund is on its way; a separate e-mail confirms it when it is done."
                : "We looked at your refund request and cannot refund this order.",
        };
        if (message.Message is { Length: > 0 } said)
        {
            paragraphs.Add($"Message from the shop: {said}");
        }
        if (!message.Approved)
        {
            paragraphs.Add("If you have more to tell us, you can send a new request from your order page in your account.");
        }
        var subject = message.Approved ? "Your refund request was approved" : "About your refund request";
        return notices.SendAsync(message.OrderId,
            new OrderNoticeSender.Notice("refund_decision", message.RequestId.ToString("N"), subject, paragraphs, "Your order"), cancellationToken);
    }
}
