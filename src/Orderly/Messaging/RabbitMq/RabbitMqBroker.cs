using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Orderly.Messaging.RabbitMq;

/// <summary>
/// One connection (with automatic recovery) and one publishing channel with publisher
/// confirmations: <see cref="PublishAsync"/> returns only once the broker has taken the message
/// (persistent, on a durable exchange), so an outbox row is marked done only after that.
/// </summary>
public sealed class RabbitMqBroker(string connectionString, string exchange) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public string Exchange => exchange;

    public async Task PublishAsync(string routingKey, Guid messageId, string json, string? traceParent, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var channel = await ChannelAsync(cancellationToken);
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
            await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, Encoding.UTF8.GetBytes(json), cancellationToken);
        }
        catch
        {
            // A failed or unconfirmed publish leaves the channel in doubt: start afresh next time.
            await ResetAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return (await ChannelAsync(cancellationToken)).IsOpen;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }
        await ResetAsync();
        var factory = new ConnectionFactory { Uri = new Uri(connectionString), AutomaticRecoveryEnabled = true, ClientProvidedName = "orderly" };
        _connection = await factory.CreateConnectionAsync(cancellationToken);
        _channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await _channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        return _channel;
    }

    private async Task ResetAsync()
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
        await ResetAsync();
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
