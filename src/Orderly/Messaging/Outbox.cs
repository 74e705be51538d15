using System.Diagnostics;
using System.Text.Json;
using Orderly.Persistence;

namespace Orderly.Messaging;

/// <summary>
/// Writes messages into the caller's unit of work: they are committed with the caller's own changes
/// or not at all (the transactional outbox). Delivery happens after commit, by the dispatcher.
/// </summary>
public interface IOutbox
{
    void Enqueue<TMessage>(TMessage message) where TMessage : class;
}

internal sealed class Outbox(OrderlyDbContext db, HandlerRegistry registry, TimeProvider time) : IOutbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Enqueue<TMessage>(TMessage message) where TMessage : class
    {
        var now = time.GetUtcNow().UtcDateTime;
        var messageId = Guid.CreateVersion7(time.GetUtcNow());
        var payload = JsonSerializer.Serialize(message, Json);
        var wireName = WireNameAttribute.Of(typeof(TMessage));
        foreach (var registration in registry.For(typeof(TMessage)))
        {
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                MessageId = messageId,
                MessageType = wireName,
                Handler = registration.HandlerName,
                Payload = payload,
                TraceParent = Activity.Current?.Id,
                CreatedAt = now,
                NextAttemptAt = now,
                Status = OutboxStatus.Pending,
            });
        }
    }
}
