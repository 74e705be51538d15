using Orderly.Messaging;
using Orderly.Orders.Contracts;

namespace Orderly.Delivery;

/// <summary>
/// A5: the payment of an order failed (the order moved to Failed): the buyer is asked to pay again
/// or with another method. Reacts to the status change, so a failure reported for an order already
/// paid sends nothing.
/// </summary>
[ExternalEffects]
internal sealed class SendPaymentFailedEmail(OrderNoticeSender notices) : IMessageHandler<OrderStatusChanged>
{
    public Task HandleAsync(OrderStatusChanged message, MessageContext context, CancellationToken cancellationToken)
    {
        if (message.To != OrderStatus.Failed)
        {
            return Task.CompletedTask;
        }
        string[] paragraphs =
        [
            "Your payment did not go through, so we have not sent your order yet.",
            "Please pay again, or update your payment method; if you already paid another way, you can ignore this e-mail.",
        ];
        // One e-mail per failure (a second failure after a retry is news again).
        return notices.SendAsync(message.OrderId,
            new OrderNoticeSender.Notice("payment_failed", context.MessageId.ToString("N"), "Your payment did not go through", paragraphs, "Your order"), cancellationToken);
    }
}
