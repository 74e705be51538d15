using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Orderly.Messaging.RabbitMq;

/// <summary>
/// Relays an integration event from the outbox to the broker's durable topic exchange, routing key
/// = the event's wire name (<c>orders.order_placed</c>), message id = the outbox message id. Runs
/// as one more outbox subscriber, so it retries with backoff while the broker is down and is done
/// only once the broker confirmed. Delivery to other systems is at least once: consumers dedupe
/// by message id.
/// </summary>
[ExternalEffects]
internal sealed class PublishIntegrationEvent<TEvent>(RabbitMqBroker broker) : IMessageHandler<TEvent> where TEvent : class
{
    public const string HandlerName = "PublishToRabbitMq";

    public Task HandleAsync(TEvent message, MessageContext context, CancellationToken cancellationToken) =>
        broker.PublishAsync(context.MessageType, context.MessageId, JsonSerializer.Serialize(message, Outbox.Json), Activity.Current?.Id ?? context.TraceParent, cancellationToken);
}

internal static class IntegrationEvents
{
    /// <summary>
    /// The public events: every [WireName] type in a module's Contracts namespace, plus the
    /// platform's own (dead letters). Internal workflow messages are not published.
    /// </summary>
    public static IEnumerable<Type> All() =>
        typeof(IntegrationEvents).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.IsDefined(typeof(WireNameAttribute), false)
                && (t.Namespace?.EndsWith(".Contracts", StringComparison.Ordinal) == true || t == typeof(MessageDeadLettered)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    public static void SubscribePublisher(IServiceCollection services)
    {
        var subscribe = typeof(HandlerRegistrationExtensions).GetMethod(nameof(HandlerRegistrationExtensions.AddMessageHandler), BindingFlags.Public | BindingFlags.Static, [typeof(IServiceCollection), typeof(string)])!;
        foreach (var type in All())
        {
            subscribe.MakeGenericMethod(type, typeof(PublishIntegrationEvent<>).MakeGenericType(type))
                .Invoke(null, [services, PublishIntegrationEvent<object>.HandlerName]);
        }
    }
}
