namespace Orderly.Messaging;

/// <summary>One subscription: which handler receives which message, and how to call it.</summary>
/// <param name="LockKey">
/// For a handler that locks (or updates) one row per message, e.g. its order: the row's key. A batch
/// runs these deliveries last and in key order (see <see cref="HandlerPipeline"/>, batches).
/// </param>
public sealed record HandlerRegistration(
    Type MessageType,
    string WireName,
    string HandlerName,
    Type HandlerType,
    bool ExternalEffects,
    Func<object, object, MessageContext, CancellationToken, Task> Invoke,
    Func<object, Guid>? LockKey = null);

/// <summary>All subscriptions of the process, built from DI at start-up.</summary>
public sealed class HandlerRegistry(IEnumerable<HandlerRegistration> registrations)
{
    private readonly ILookup<Type, HandlerRegistration> _byMessage = registrations.ToLookup(r => r.MessageType);
    private readonly Dictionary<(string, string), HandlerRegistration> _byName =
        registrations.ToDictionary(r => (r.WireName, r.HandlerName));

    public IEnumerable<HandlerRegistration> For(Type messageType) => _byMessage[messageType];

    /// <summary>Every handler name, once (a handler may take several message types), in a stable order.</summary>
    public IReadOnlyList<string> HandlerNames { get; } =
        registrations.Select(r => r.HandlerName).Distinct().Order(StringComparer.Ordinal).ToList();

    public HandlerRegistration? Find(string wireName, string handlerName) =>
        _byName.GetValueOrDefault((wireName, handlerName));
}

public static class HandlerRegistrationExtensions
{
    /// <summary>Subscribes <typeparamref name="THandler"/> to <typeparamref name="TMessage"/>.</summary>
    public static IServiceCollection AddMessageHandler<TMessage, THandler>(this IServiceCollection services)
        where TMessage : class
        where THandler : class, IMessageHandler<TMessage> =>
        services.AddMessageHandler<TMessage, THandler>(typeof(THandler).Name);

    /// <summary>
    /// Subscribes a handler that locks one row per message, the one <paramref name="lockKey"/> names
    /// (ADR 0030): batches take these locks in one global order, so two batches never wait on each
    /// other in a cycle.
    /// </summary>
    public static IServiceCollection AddMessageHandler<TMessage, THandler>(this IServiceCollection services, Func<TMessage, Guid> lockKey)
        where TMessage : class
        where THandler : class, IMessageHandler<TMessage> =>
        Subscribe<TMessage, THandler>(services, typeof(THandler).Name, lockKey);

    /// <summary>Subscribes under an explicit, stable handler name (stored in the outbox and inbox).</summary>
    public static IServiceCollection AddMessageHandler<TMessage, THandler>(this IServiceCollection services, string handlerName)
        where TMessage : class
        where THandler : class, IMessageHandler<TMessage> =>
        Subscribe<TMessage, THandler>(services, handlerName, null);

    private static IServiceCollection Subscribe<TMessage, THandler>(IServiceCollection services, string handlerName, Func<TMessage, Guid>? lockKey)
        where TMessage : class
        where THandler : class, IMessageHandler<TMessage>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new HandlerRegistration(
            typeof(TMessage),
            WireNameAttribute.Of(typeof(TMessage)),
            handlerName,
            typeof(THandler),
            typeof(THandler).IsDefined(typeof(ExternalEffectsAttribute), false),
            (handler, message, context, ct) => ((THandler)handler).HandleAsync((TMessage)message, context, ct),
            lockKey is null ? null : message => lockKey((TMessage)message)));
        return services;
    }
}
