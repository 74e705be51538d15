using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Orderly.Delivery.Notifications;

public sealed record NotificationDto(Guid Id, Guid? OrderId, string Kind, string Title, string Body, DateTime CreatedAt);

/// <summary>
/// Live fan-out of notifications to open SSE streams of this process. The seam where scale-out
/// puts a Redis channel, so a notification reaches a buyer connected to another instance.
/// Slow readers lose the oldest pushes (bounded), never block the writer; the database keeps all.
/// </summary>
public sealed class NotificationHub
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Channel<NotificationDto>>> _subscribers = new();

    public (Guid Subscription, ChannelReader<NotificationDto> Reader) Subscribe(Guid audience)
    {
        var channel = Channel.CreateBounded<NotificationDto>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
        var id = Guid.NewGuid();
        _subscribers.GetOrAdd(audience, _ => new())[id] = channel;
        return (id, channel.Reader);
    }

    public void Unsubscribe(Guid audience, Guid subscription)
    {
        if (_subscribers.TryGetValue(audience, out var channels) && channels.TryRemove(subscription, out var channel))
        {
            channel.Writer.TryComplete();
        }
    }

    public void Publish(Guid audience, NotificationDto notification)
    {
        if (_subscribers.TryGetValue(audience, out var channels))
        {
            foreach (var channel in channels.Values)
            {
                channel.Writer.TryWrite(notification);
            }
        }
    }

    /// <summary>The audience id of admins (buyers are addressed by customer id).</summary>
    public static readonly Guid Admins = Guid.Empty;
}
