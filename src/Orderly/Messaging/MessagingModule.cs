using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orderly.Messaging;

/// <summary>
/// Platform: transactional outbox, dispatcher, inbox, backoff, dead letters, and the transport that
/// runs the handlers: the dispatcher itself (database) or RabbitMQ consumers on every worker.
/// Modules subscribe with <see cref="HandlerRegistrationExtensions.AddMessageHandler{TMessage,THandler}"/>
/// and publish with <see cref="IOutbox"/>.
/// </summary>
public static class MessagingModule
{
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MessagingOptions>().Bind(builder.Configuration.GetSection(MessagingOptions.Section))
            .Validate(o => o.BatchSize > 0 && o.MaxConcurrency > 0 && o.MaxAttempts > 0, "Messaging: BatchSize, MaxConcurrency and MaxAttempts must be positive.")
            .Validate(o => o.Prefetch is > 0 and <= ushort.MaxValue && o.MaxConcurrency <= ushort.MaxValue, "Messaging: Prefetch and MaxConcurrency must be between 1 and 65535.")
            .ValidateOnStart();
        builder.Services.AddSingleton<HandlerRegistry>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<IInterceptor, OutboxSignalInterceptor>();
        builder.Services.AddScoped<IOutbox, Outbox>();
        builder.Services.AddScoped<DeadLetters.ListHandler>();
        builder.Services.AddScoped<DeadLetters.RetryHandler>();
        builder.Services.AddSingleton<HandlerPipeline>();
        builder.Services.AddSingleton<OutboxDispatcherWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcherWorker>());

        // Integration events to other systems through RabbitMQ and, with the RabbitMQ transport,
        // the handlers' own work across instances (ADR 0006).
        var rabbitMq = builder.Configuration.GetConnectionString("RabbitMq");
        var transport = builder.Configuration.GetValue<MessageTransport?>($"{MessagingOptions.Section}:{nameof(MessagingOptions.Transport)}")
            ?? (string.IsNullOrEmpty(rabbitMq) ? MessageTransport.Database : MessageTransport.RabbitMq);
        if (string.IsNullOrEmpty(rabbitMq))
        {
            if (transport == MessageTransport.RabbitMq)
            {
                throw new InvalidOperationException("Messaging:Transport=rabbitmq needs ConnectionStrings:RabbitMq.");
            }
            return builder;
        }

        var exchange = builder.Configuration["RabbitMq:Exchange"] ?? "orderly.events";
        if (transport == MessageTransport.RabbitMq)
        {
            var prefix = builder.Configuration["RabbitMq:QueuePrefix"] ?? "orderly";
            builder.Services.AddSingleton(sp => new RabbitMq.HandlerQueues(prefix, sp.GetRequiredService<HandlerRegistry>().HandlerNames));
            builder.Services.AddSingleton(sp => new RabbitMq.RabbitMqBroker(rabbitMq, exchange, sp.GetRequiredService<RabbitMq.HandlerQueues>()));
            builder.Services.AddSingleton<IOutboxRelay, RabbitMq.RelayToHandlerQueues>();
            // Registered before the consumer, so it stops after it: the consumer's last deliveries
            // still get their shared transactions.
            builder.Services.AddSingleton<RabbitMq.HandlerBatcher>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<RabbitMq.HandlerBatcher>());
            builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RabbitMq.HandlerQueueConsumer>(sp, rabbitMq));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<RabbitMq.HandlerQueueConsumer>());
            builder.Services.AddHealthChecks().AddCheck<RabbitMq.HandlerQueueConsumerHealthCheck>("rabbitmq-consumer", tags: ["ready"]);
        }
        else
        {
            builder.Services.AddSingleton(_ => new RabbitMq.RabbitMqBroker(rabbitMq, exchange));
        }
        RabbitMq.IntegrationEvents.SubscribePublisher(builder.Services);
        builder.Services.AddHealthChecks().AddCheck<RabbitMq.RabbitMqHealthCheck>("rabbitmq", tags: ["ready"]);
        return builder;
    }
}
