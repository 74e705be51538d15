using Microsoft.EntityFrameworkCore;
using Orderly.Delivery.Contracts;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary>The delivery e-mail went out: the reseller order's <c>delivery_status</c> becomes <c>delivered</c> (guarded, once).</summary>
internal sealed class TrackResellerDelivery(OrderlyDbContext db) : IMessageHandler<OrderDelivered>
{
    public async Task HandleAsync(OrderDelivered message, MessageContext context, CancellationToken cancellationToken) =>
        await db.Set<ResellerOrder>().Where(o => o.OrderId == message.OrderId && o.DeliveredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.DeliveredAt, message.At), cancellationToken);
}
