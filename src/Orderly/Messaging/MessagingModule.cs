using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orderly.Messaging;

/// <summary>
/// Platform: transactional outbox, dispatcher (in-process transport), inbox, backoff, dead letters.
/// Modules subscribe with <see cref="HandlerRegistrationExtensions.AddMessageHandler{TMessage,THandler}"/>
/// and publish with <see cref="IOutbox"/>.
/// </summary>
public static class MessagingModule
{
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MessagingOptions>().Bind(builder.Configuration.GetSection(MessagingOptions.Section))
            .Validate(o => o.BatchSize > 0 && o.MaxConcurrency > 0 && o.MaxAttempts > 0, "Messaging: BatchSize, MaxConcurrency and MaxAttempts must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<HandlerRegistry>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<IInterceptor, OutboxSignalInterceptor>();
        builder.Services.AddScoped<IOutbox, Outbox>();
        builder.Services.AddSingleton<OutboxDispatcherWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcherWorker>());

        // Integration events to other systems (and, later, other instances) through RabbitMQ.
        if (builder.Configuration.GetConnectionString("RabbitMq") is { Length: > 0 } rabbitMq)
        {
            var exchange = builder.Configuration["RabbitMq:Exchange"] ?? "orderly.events";
            builder.Services.AddSingleton(_ => new RabbitMq.RabbitMqBroker(rabbitMq, exchange));
            RabbitMq.IntegrationEvents.SubscribePublisher(builder.Services);
            builder.Services.AddHealthChecks().AddCheck<RabbitMq.RabbitMqHealthCheck>("rabbitmq", tags: ["ready"]);
        }
        return builder;
    }
}
