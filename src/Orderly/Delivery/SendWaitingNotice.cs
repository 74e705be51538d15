using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Delivery.Email;
using Orderly.Fulfillment.Contracts;
using Orderly.Hosting;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Delivery;

/// <summary>
/// A paid order waits for stock: the buyer gets one e-mail saying the money arrived and the code
/// follows as soon as it is in stock (instead of silence). Once per order, however often the order
/// goes back to waiting; the delivery e-mail follows by itself when it is fulfilled.
/// </summary>
[ExternalEffects]
internal sealed class SendWaitingNotice(
    OrderlyDbContext db, IOrderBook orders, IAuditLog audit, HtmlComponentRenderer renderer, IEmailSender sender, TimeProvider time) : IMessageHandler<FulfillmentAwaitingStock>
{
    public const string Kind = "awaiting_stock";

    public async Task HandleAsync(FulfillmentAwaitingStock message, MessageContext context, CancellationToken cancellationToken)
    {
        if (await db.Set<SentEmail>().AnyAsync(e => e.OrderId == message.OrderId && e.Kind == Kind, cancellationToken))
        {
            return;
        }
        var order = await orders.FindAsync(message.OrderId, cancellationToken);
        if (order is null)
        {
            return;
        }
        var productName = order.Lines.FirstOrDefault(l => l.Sku == message.Sku)?.ProductName ?? message.Sku;
        var html = await renderer.RenderAsync<WaitingNoticeEmail>(new()
        {
            [nameof(WaitingNoticeEmail.OrderId)] = order.Id,
            [nameof(WaitingNoticeEmail.ProductName)] = productName,
        });
        var text = $"Your order is paid.\nOrder {order.Id}\n\n{productName} is out of stock for a moment. We deliver as soon as the code is in stock: it comes by e-mail, with nothing more for you to do.\n";
        // Deterministic, so a retry after a crash carries the same Message-ID.
        var messageId = $"{order.Id:N}.waiting@orderly";
        await sender.SendAsync(new OutgoingEmail(order.Email, "Your order is paid: delivery follows when in stock", html, text, messageId), cancellationToken);

        db.Set<SentEmail>().Add(new SentEmail { Id = Guid.CreateVersion7(time.GetUtcNow()), OrderId = order.Id, Kind = Kind, To = order.Email, MessageId = messageId, SentAt = time.GetUtcNow().UtcDateTime });
        audit.Append("WaitingNoticeSent", order.Id, "system", new { message.Sku, messageId });
        orders.Note(order.Id, "waiting_notice_sent", message.Sku);
    }
}
