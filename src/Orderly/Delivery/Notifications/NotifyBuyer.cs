using Orderly.Fulfillment.Contracts;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Delivery.Notifications;

/// <summary>The in-app channel: stores the notification and, once committed, pushes it live.</summary>
internal sealed class NotifyBuyer(OrderlyDbContext db, INotificationFanout fanout, TimeProvider time) : IMessageHandler<OrderFulfilled>
{
    public Task HandleAsync(OrderFulfilled message, MessageContext context, CancellationToken cancellationToken)
    {
        var items = message.Lines.Sum(l => l.KeyIds.Count + (l.FileGrantId is null ? 0 : 1));
        if (items == 0)
        {
            return Task.CompletedTask; // physical goods only: nothing is in My Digital Products; they ship
        }
        return NotifyAsync(message.CustomerId, message.OrderId, "order_delivered", "Your order is ready",
            $"{items} item(s) from order {message.OrderId} are in My Digital Products.", context, cancellationToken);
    }

    private async Task NotifyAsync(Guid customerId, Guid orderId, string kind, string title, string body, MessageContext context, CancellationToken cancellationToken)
    {
        var notification = new Notification
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            CustomerId = customerId,
            OrderId = orderId,
            Kind = kind,
            Title = title,
            Body = body,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Set<Notification>().Add(notification);
        await db.SaveChangesAsync(cancellationToken);
        var dto = new NotificationDto(notification.Id, orderId, kind, title, body, notification.CreatedAt);
        context.OnCommitted(() => fanout.PublishAsync(customerId, dto));
    }
}
