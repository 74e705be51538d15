using System.Globalization;
using Orderly.Messaging;
using Orderly.Orders.Contracts;

namespace Orderly.Delivery;

/// <summary>Tells the buyer about a refund: how much, why, and that the refunded products are no longer theirs.</summary>
[ExternalEffects]
internal sealed class SendRefundEmail(OrderNoticeSender notices) : IMessageHandler<OrderRefunded>
{
    public Task HandleAsync(OrderRefunded message, MessageContext context, CancellationToken cancellationToken)
    {
        var amount = string.Create(CultureInfo.InvariantCulture, $"{message.Amount / 100m:0.00} {message.Currency}");
        var lines = message.Lines ?? [];
        var paragraphs = new List<string>
        {
            message.Full ? $"We refunded your order in full: {amount}." : $"We refunded part of your order: {amount}.",
            $"Reason: {message.Reason}",
        };
        if (lines.Count > 0)
        {
            paragraphs.Add($"Refunded: {string.Join(", ", lines.Select(l => $"{l.Quantity}× {l.Sku}"))}. Their codes, licenses and downloads are no longer valid.");
        }
        paragraphs.Add("The money goes back the way you paid; your bank may take a few days to show it.");
        var key = message.RefundId == Guid.Empty ? context.MessageId : message.RefundId;
        return notices.SendAsync(message.OrderId, new OrderNoticeSender.Notice("refund", key.ToString("N"), "Your refund", paragraphs, "Your order"), cancellationToken);
    }
}
