using System.Globalization;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Orderly.Messaging.RabbitMq;

/// <summary>
/// RabbitMQ transport, receiving side: every worker instance consumes every handler queue, so the
/// instances compete for the work. A delivery runs the same <see cref="HandlerPipeline"/> as the
/// database transport, and is acknowledged only after its outcome committed: handled (or found in
/// the inbox), rescheduled in the outbox, or dead-lettered there. Until then a crash or a broker
/// restart leaves it unacknowledged and the broker delivers it again, to whichever instance is up;
/// the inbox makes that harmless. A message that cannot be read (missing headers, unknown type,
/// bad payload) is rejected without requeue, so the queue dead-letters it to
/// <see cref="HandlerQueues.DeadLetterQueue"/> and the consumer carries on.
/// </summary>
public sealed partial class HandlerQueueConsumer(
    string connectionString,
    HandlerQueues queues,
    HandlerPipeline pipeline,
    HandlerBatcher batcher,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    IOptions<OrderlyOptions> orderly,
    ILogger<HandlerQueueConsumer> logger) : BackgroundService
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Automatic recovery gets this long to restore a dropped connection and its consumers (a broker
    // restart) before the consumer starts afresh on its own.
    private static readonly TimeSpan RecoveryGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    private readonly MessagingOptions _options = options.Value;

    // Not disposed: the host may stop this service after disposing it, and none of these holds an
    // unmanaged resource (no wait handle is ever requested).
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrency, options.Value.MaxConcurrency);

    // Deliveries waiting for a shared transaction hold no database resources while they wait, so
    // they are bounded by what the broker lets each queue have unacknowledged, not by MaxConcurrency.
    private readonly SemaphoreSlim _batchedSlots = new(BatchedCapacity(options.Value, queues), BatchedCapacity(options.Value, queues));

    private static int BatchedCapacity(MessagingOptions options, HandlerQueues queues) => options.Prefetch * Math.Max(1, queues.Handlers.Count);
    private readonly CancellationTokenSource _stopping = new();
    private IConnection? _connection;
    private IChannel[] _channels = [];
    private int _stopped;

    private bool Enabled => orderly.Value.RunsWorkers;

    /// <summary>Readiness: a worker consumes every handler queue on an open connection.</summary>
    public bool IsHealthy => !Enabled || IsConsuming;

    private bool IsConsuming => _connection is { IsOpen: true } && _channels.Length == queues.Handlers.Count && _channels.All(c => c.IsOpen);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
        {
            // First attempt before the host reports started, so a healthy instance is ready at once.
            try
            {
                await ConnectAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogConnectFailed(ex);
            }
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }
        long? unhealthySince = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (IsConsuming)
            {
                unhealthySince = null;
            }
            else
            {
                unhealthySince ??= time.GetTimestamp();
                if (_connection is null || time.GetElapsedTime(unhealthySince.Value) > RecoveryGrace)
                {
                    try
                    {
                        await ConnectAsync(stoppingToken);
                        unhealthySince = null;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogConnectFailed(ex);
                        unhealthySince = time.GetTimestamp();
                    }
                }
            }
            await Task.Delay(WatchInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // No new deliveries start; those in flight finish (or give up on the stopping token) and
        // settle before the channels close. Whatever is still unacknowledged then goes back to the queue.
        // Once: the host may stop its services more than once, and the slots are taken only once.
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
        try
        {
            for (var i = 0; i < _options.MaxConcurrency; i++)
            {
                await _slots.WaitAsync(cancellationToken);
            }
            for (var i = BatchedCapacity(_options, queues); i > 0; i--)
            {
                await _batchedSlots.WaitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown timeout: the broker redelivers what was not acknowledged.
        }
        await _connectGate.WaitAsync(CancellationToken.None);
        try
        {
            await TearDownAsync();
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            await TearDownAsync();
            var factory = new ConnectionFactory
            {
                Uri = new Uri(connectionString),
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
                ClientProvidedName = "orderly-consumer",
            };
            var connection = await factory.CreateConnectionAsync(cancellationToken);
            var channels = new List<IChannel>();
            try
            {
                await using (var setup = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
                {
                    await queues.DeclareAsync(setup, cancellationToken);
                }
                foreach (var handler in queues.Handlers)
                {
                    // One channel per queue: a channel the broker closes takes one handler down, not all.
                    var channel = await connection.CreateChannelAsync(
                        new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false, consumerDispatchConcurrency: (ushort)_options.MaxConcurrency),
                        cancellationToken);
                    channels.Add(channel);
                    await channel.BasicQosAsync(0, (ushort)_options.Prefetch, global: false, cancellationToken);
                    var consumer = new AsyncEventingBasicConsumer(channel);
                    consumer.ReceivedAsync += (_, delivery) => ReceiveAsync(channel, handler, delivery);
                    await channel.BasicConsumeAsync(queues.QueueFor(handler), autoAck: false, consumer, cancellationToken);
                }
            }
            catch
            {
                foreach (var channel in channels)
                {
                    await channel.DisposeAsync();
                }
                await connection.DisposeAsync();
                throw;
            }
            (_connection, _channels) = (connection, channels.ToArray());
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task ReceiveAsync(IChannel channel, string handler, BasicDeliverEventArgs message)
    {
        var properties = message.BasicProperties;
        if (!TryRead(message, out var messageId, out var attempt, out var enqueuedAt, out var payload, out var problem))
        {
            await RejectAsync(channel, message, handler, problem);
            return;
        }
        (HandlerRegistration, object) decoded;
        try
        {
            decoded = pipeline.Decode(properties.Type!, handler, payload);
        }
        catch (UndeliverableMessageException ex)
        {
            await RejectAsync(channel, message, handler, ex.Message);
            return;
        }

        // In-transaction handlers share transactions with the other deliveries of the moment;
        // handlers with external effects (SMTP) run on their own.
        var batched = !decoded.Item1.ExternalEffects;
        var slots = batched ? _batchedSlots : _slots;
        try
        {
            await slots.WaitAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            await SettleAsync(() => channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true).AsTask());
            return;
        }
        try
        {
            var delivery = new Delivery(messageId, properties.Type!, handler, payload, attempt, enqueuedAt, Header(properties, "traceparent"),
                m => m.MessageId == messageId && m.Handler == handler);
            var outcome = batched ? await SubmitAsync(new HandlerBatcher.Item(delivery, decoded)) : await pipeline.RunAsync(delivery, decoded, _stopping.Token);
            switch (outcome)
            {
                case DeliveryOutcome.Handled or DeliveryOutcome.AlreadyHandled or DeliveryOutcome.RetryScheduled or DeliveryOutcome.DeadLettered:
                    // The outcome is committed in the outbox and inbox: only now is the message done.
                    await SettleAsync(() => channel.BasicAckAsync(message.DeliveryTag, multiple: false).AsTask());
                    break;
                case DeliveryOutcome.Untracked:
                    await RejectAsync(channel, message, handler, "no outbox row tracks this message");
                    break;
                case DeliveryOutcome.FailureNotRecorded:
                    // The database is down: hold the delivery a moment (it keeps its prefetch slot,
                    // which slows this consumer down) and hand it back for another try.
                    await Task.Delay(_options.BackoffBase, time, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    await SettleAsync(() => channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true).AsTask());
                    break;
                default:
                    await SettleAsync(() => channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true).AsTask());
                    break;
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<DeliveryOutcome> SubmitAsync(HandlerBatcher.Item item)
    {
        try
        {
            return await batcher.SubmitAsync(item, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Still queued when the consumer stopped: untouched, back to the broker.
            return DeliveryOutcome.Stopped;
        }
    }

    private static bool TryRead(BasicDeliverEventArgs message, out Guid messageId, out int attempt, out DateTime enqueuedAt, out string payload, out string problem)
    {
        var properties = message.BasicProperties;
        (attempt, enqueuedAt, payload, problem) = (0, default, "", "");
        if (!Guid.TryParse(properties.MessageId, out messageId))
        {
            problem = "no message id";
            return false;
        }
        if (string.IsNullOrEmpty(properties.Type))
        {
            problem = "no message type";
            return false;
        }
        if (!int.TryParse(Header(properties, HandlerQueues.AttemptHeader), NumberStyles.None, CultureInfo.InvariantCulture, out attempt) || attempt < 1)
        {
            problem = $"no valid {HandlerQueues.AttemptHeader} header";
            return false;
        }
        if (!DateTime.TryParse(Header(properties, HandlerQueues.EnqueuedAtHeader), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out enqueuedAt))
        {
            problem = $"no valid {HandlerQueues.EnqueuedAtHeader} header";
            return false;
        }
        try
        {
            payload = StrictUtf8.GetString(message.Body.Span);
        }
        catch (DecoderFallbackException)
        {
            problem = "the body is not UTF-8";
            return false;
        }
        return true;
    }

    /// <summary>AMQP delivers string headers as bytes and numbers as numbers; read either as text.</summary>
    private static string? Header(IReadOnlyBasicProperties properties, string name) =>
        (properties.Headers is not null && properties.Headers.TryGetValue(name, out var value) ? value : null) switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string text => text,
            IConvertible number => number.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };

    private async Task RejectAsync(IChannel channel, BasicDeliverEventArgs message, string handler, string reason)
    {
        // Ids and the reason only: the body may carry personal data.
        var messageId = message.BasicProperties.MessageId is { } id ? id[..Math.Min(id.Length, 64)] : "(none)";
        LogPoison(handler, messageId, reason);
        await SettleAsync(() => channel.BasicRejectAsync(message.DeliveryTag, requeue: false).AsTask());
    }

    private async Task SettleAsync(Func<Task> settle)
    {
        try
        {
            await settle();
        }
        catch (Exception ex)
        {
            // The channel went away: the broker requeued the delivery and sends it again; the inbox
            // (or the outbox row's state) makes the repeat harmless.
            LogSettleFailed(ex);
        }
    }

    private async Task TearDownAsync()
    {
        var (connection, channels) = (_connection, _channels);
        (_connection, _channels) = (null, []);
        foreach (var channel in channels)
        {
            await BoundedAsync(channel.DisposeAsync().AsTask());
        }
        if (connection is not null)
        {
            await BoundedAsync(connection.DisposeAsync().AsTask());
        }
    }

    /// <summary>
    /// Closing a channel or connection waits for the broker and for the client's dispatcher; it must
    /// not hold up a shutdown or a reconnect indefinitely when either is stuck.
    /// </summary>
    private async Task BoundedAsync(Task close)
    {
        try
        {
            await close.WaitAsync(TimeSpan.FromSeconds(5), time);
        }
        catch (Exception ex)
        {
            LogCloseFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ consumer could not connect; retrying")]
    private partial void LogConnectFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rejected a message on the {Handler} queue to the dead-letter queue: {Reason} (message id {MessageId})")]
    private partial void LogPoison(string handler, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not close a RabbitMQ channel or connection cleanly")]
    private partial void LogCloseFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not settle a delivery; the broker will deliver it again")]
    private partial void LogSettleFailed(Exception exception);
}

/// <summary>Readiness: a worker instance consumes its handler queues.</summary>
internal sealed class HandlerQueueConsumerHealthCheck(HandlerQueueConsumer consumer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(consumer.IsHealthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Not consuming the RabbitMQ handler queues."));
}
