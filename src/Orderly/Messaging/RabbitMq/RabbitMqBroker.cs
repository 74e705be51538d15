using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Orderly.Messaging.RabbitMq;

/// <summary>
/// One connection (with automatic recovery) and one publishing channel with publisher
/// confirmations: a publish returns only once the broker has taken the message (persistent, on a
/// durable exchange), so an outbox row is marked done or relayed only after that. Publishes run
/// concurrently on the channel, each awaiting its own confirmation. The channel declares the
/// topology it publishes into (<see cref="HandlerQueues"/>) when it opens, so no message is routed
/// to a queue that does not exist yet.
/// </summary>
public sealed class RabbitMqBroker(string connectionString, string exchange, HandlerQueues? handlerQueues = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public string Exchange => exchange;

    /// <summary>An integration event to the topic exchange, routing key = its wire name.</summary>
    public Task PublishAsync(string routingKey, Guid messageId, string json, string? traceParent, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            MessageId = messageId.ToString(),
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Type = routingKey,
            Headers = new Dictionary<string, object?>(),
        };
        if (traceParent is not null)
        {
            // W3C trace context, so consumers continue the order's trace.
            properties.Headers["traceparent"] = traceParent;
        }
        return PublishAsync(exchange, routingKey, mandatory: false, properties, Encoding.UTF8.GetBytes(json), cancellationToken);
    }

    /// <param name="mandatory">true: a message no queue takes fails (basic.return) instead of vanishing.</param>
    public async Task PublishAsync(string toExchange, string routingKey, bool mandatory, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var channel = await ChannelAsync(cancellationToken);
        try
        {
            await channel.BasicPublishAsync(toExchange, routingKey, mandatory, properties, body, cancellationToken);
        }
        catch (PublishException ex) when (ex.IsReturn)
        {
            // Unroutable, but the channel is fine.
            throw;
        }
        catch
        {
            // A failed or unconfirmed publish leaves the channel in doubt: start afresh next time.
            await ResetAsync(channel);
            throw;
        }
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken) =>
        (await ChannelAsync(cancellationToken)).IsOpen;

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } openedMeanwhile)
            {
                return openedMeanwhile;
            }
            await CloseAsync();
            var factory = new ConnectionFactory { Uri = new Uri(connectionString), AutomaticRecoveryEnabled = true, ClientProvidedName = "orderly" };
            _connection = await factory.CreateConnectionAsync(cancellationToken);
            var channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            if (handlerQueues is not null)
            {
                await handlerQueues.DeclareAsync(channel, cancellationToken);
            }
            _channel = channel;
            return channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ResetAsync(IChannel failed)
    {
        await _gate.WaitAsync();
        try
        {
            // Concurrent publishes fail together; only the first one throws the channel away.
            if (ReferenceEquals(_channel, failed))
            {
                await CloseAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CloseAsync()
    {
        try
        {
            if (_channel is not null)
            {
                await _channel.DisposeAsync();
            }
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
        }
        catch (Exception)
        {
            // Already broken; nothing to release.
        }
        (_channel, _connection) = (null, null);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _gate.Dispose();
    }
}

/// <summary>Readiness: the broker accepts a channel.</summary>
internal sealed class RabbitMqHealthCheck(RabbitMqBroker broker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await broker.IsReachableAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("RabbitMQ channel closed.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("RabbitMQ unreachable.", ex);
        }
    }
}
