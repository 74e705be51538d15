using RabbitMQ.Client;

namespace Orderly.Messaging.RabbitMq;

/// <summary>
/// The RabbitMQ transport's topology, all durable, named from one prefix (<c>RabbitMq:QueuePrefix</c>,
/// default <c>orderly</c>) so several deployments (or tests) can share a broker:
/// <list type="bullet">
/// <item>the direct exchange <c>{prefix}.handlers</c>, routing key = handler name;</item>
/// <item>one queue per handler, <c>{prefix}.handler.{HandlerName}</c>, which every worker instance consumes (competing consumers);</item>
/// <item>the fanout exchange <c>{prefix}.dead-letter</c>, where the handler queues send what a consumer rejects (poison messages), and its queue <c>{prefix}.dead-letters</c>.</item>
/// </list>
/// </summary>
public sealed class HandlerQueues(string prefix, IReadOnlyList<string> handlers)
{
    /// <summary>Headers every delivery carries besides message id (property), type (property) and <c>traceparent</c>.</summary>
    public const string AttemptHeader = "orderly-attempt";

    public const string EnqueuedAtHeader = "orderly-enqueued-at";

    public string Exchange => $"{prefix}.handlers";

    public string DeadLetterExchange => $"{prefix}.dead-letter";

    public string DeadLetterQueue => $"{prefix}.dead-letters";

    public IReadOnlyList<string> Handlers => handlers;

    public string QueueFor(string handler) => $"{prefix}.handler.{handler}";

    /// <summary>Idempotent: the publisher and every consumer declare it before use.</summary>
    public async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, "", cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        var arguments = new Dictionary<string, object?> { ["x-dead-letter-exchange"] = DeadLetterExchange };
        foreach (var handler in handlers)
        {
            await channel.QueueDeclareAsync(QueueFor(handler), durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(QueueFor(handler), Exchange, handler, cancellationToken: cancellationToken);
        }
    }
}
