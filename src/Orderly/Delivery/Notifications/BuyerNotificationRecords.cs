using Microsoft.EntityFrameworkCore;
using Orderly.Delivery.Contracts;
using Orderly.Persistence;

namespace Orderly.Delivery.Notifications;

internal sealed class BuyerNotificationRecords(OrderlyDbContext db) : IBuyerNotifications
{
    public async Task<IReadOnlyList<BuyerNotificationRecord>> ListAsync(Guid customerId, CancellationToken cancellationToken) =>
        await db.Set<Notification>().AsNoTracking().Where(n => n.CustomerId == customerId).OrderBy(n => n.CreatedAt)
            .Select(n => new BuyerNotificationRecord(n.OrderId, n.Kind, n.Title, n.Body, n.CreatedAt, n.ReadAt)).ToListAsync(cancellationToken);

    public Task ForgetAsync(Guid customerId, CancellationToken cancellationToken) =>
        db.Set<Notification>().Where(n => n.CustomerId == customerId).ExecuteDeleteAsync(cancellationToken);
}
