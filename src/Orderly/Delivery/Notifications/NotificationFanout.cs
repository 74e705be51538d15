using System.Text.Json;
using StackExchange.Redis;

namespace Orderly.Delivery.Notifications;

/// <summary>How a committed notification reaches the open streams: of this process, or of every instance.</summary>
public interface INotificationFanout
{
    Task PublishAsync(Guid audience, NotificationDto notification);
}

/// <summary>Embedded default: straight to this process's streams.</summary>
internal sealed class LocalNotificationFanout(NotificationHub hub) : INotificationFanout
{
    public Task PublishAsync(Guid audience, NotificationDto notification)
    {
        hub.Publish(audience, notification);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Scale-out: published on a Redis channel that every instance (this one included) subscribes to
/// and hands to its own streams, so a buyer connected to instance B sees what instance A delivered.
/// Streams drop duplicates by notification id; a missed push is still in the database and in the
/// stream's replay on reconnect.
/// </summary>
internal sealed class RedisNotificationFanout(IConnectionMultiplexer redis) : INotificationFanout
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("orderly:notifications");

    public async Task PublishAsync(Guid audience, NotificationDto notification) =>
        await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(new Envelope(audience, notification)));

    internal sealed record Envelope(Guid Audience, NotificationDto Notification);
}

/// <summary>
/// Delivers notifications published by any instance to this instance's streams. Subscribes in the
/// background, retrying every 5 s: an instance starts and serves while Redis is down, and once
/// subscribed the multiplexer renews the subscription by itself after a reconnect.
/// </summary>
internal sealed partial class RedisNotificationSubscriber(IConnectionMultiplexer redis, NotificationHub hub, TimeProvider time, ILogger<RedisNotificationSubscriber> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var queue = await redis.GetSubscriber().SubscribeAsync(RedisNotificationFanout.Channel);
                queue.OnMessage(Deliver);
                return;
            }
            catch (RedisException ex)
            {
                LogSubscribeFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
            }
        }
    }

    private void Deliver(ChannelMessage message)
    {
        try
        {
            if (JsonSerializer.Deserialize<RedisNotificationFanout.Envelope>(message.Message.ToString()) is { } envelope)
            {
                hub.Publish(envelope.Audience, envelope.Notification);
            }
        }
        catch (JsonException ex)
        {
            LogMalformed(ex);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(RedisNotificationFanout.Channel);
        }
        catch (RedisException)
        {
            // Redis is away; the subscription goes with the connection.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to live notifications on Redis; retrying in 5 s")]
    private partial void LogSubscribeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed notification on the Redis channel")]
    private partial void LogMalformed(Exception exception);
}
