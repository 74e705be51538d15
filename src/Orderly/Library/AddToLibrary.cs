using Microsoft.EntityFrameworkCore;
using Orderly.Fulfillment.Contracts;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Library;

/// <summary>
/// The library channel of delivery: one entry per code and per file of the fulfilled order. A
/// physical line carries neither codes nor a file grant, so it never makes an entry: it ships.
/// </summary>
internal sealed class AddToLibrary(OrderlyDbContext db, TimeProvider time) : IMessageHandler<OrderFulfilled>
{
    public async Task HandleAsync(OrderFulfilled message, MessageContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var present = await db.Set<LibraryEntry>().Where(e => e.OrderId == message.OrderId)
            .Select(e => new { e.KeyId, e.FileGrantId }).ToListAsync(cancellationToken);
        foreach (var line in message.Lines)
        {
            foreach (var keyId in line.KeyIds.Where(k => present.All(p => p.KeyId != k)))
            {
                db.Set<LibraryEntry>().Add(Entry(message, line, now, keyId, null));
            }
            if (line.FileGrantId is { } grantId && present.All(p => p.FileGrantId != grantId))
            {
                db.Set<LibraryEntry>().Add(Entry(message, line, now, null, grantId));
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static LibraryEntry Entry(OrderFulfilled message, FulfilledLine line, DateTimeOffset now, Guid? keyId, Guid? grantId) => new()
    {
        Id = Guid.CreateVersion7(now),
        CustomerId = message.CustomerId,
        OrderId = message.OrderId,
        OrderLineId = line.OrderLineId,
        ProductId = line.ProductId,
        Sku = line.Sku,
        ProductName = line.ProductName,
        KeyId = keyId,
        FileGrantId = grantId,
        AddedAt = now.UtcDateTime,
    };
}
