using Orderly.Accounts.Contracts;
using Orderly.Fraud.Contracts;
using Orderly.Keys.Contracts;
using Orderly.Messaging;
using Orderly.Payments.Contracts;

namespace Orderly.Fulfillment;

/// <summary>
/// Fulfillment. Owns: fulfillment jobs (table fulfillment_jobs). Publishes: OrderFulfilled,
/// FulfillmentAwaitingStock, FulfillmentOnHold, FulfillmentResumed. Listens to: PaymentSucceeded,
/// AccountReady, FraudReviewApproved, KeysImported. Depends on: Orders, Catalog, Inventory, Keys,
/// Library, Fraud (the screen, inside the payment's transaction), Audit contracts.
/// </summary>
public static class FulfillmentModule
{
    public static IHostApplicationBuilder AddFulfillment(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMessageHandler<PaymentSucceeded, TrackFulfillmentPrerequisites>();
        builder.Services.AddMessageHandler<AccountReady, TrackFulfillmentPrerequisites>();
        builder.Services.AddMessageHandler<FulfillmentRequested, FulfillOrder>();
        builder.Services.AddMessageHandler<FraudReviewApproved, ResumeReviewedOrder>();

        builder.Services.AddOptions<FulfillmentOptions>().Bind(builder.Configuration.GetSection(FulfillmentOptions.Section))
            .Validate(o => o.AwaitingStockRetryInterval > TimeSpan.Zero, "Fulfillment:AwaitingStockRetryInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddMessageHandler<KeysImported, ResumeAwaitingStock>();
        builder.Services.AddScoped<RetryAwaitingStockHandler>();
        builder.Services.AddSingleton<AwaitingStockRetryWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AwaitingStockRetryWorker>());
        return builder;
    }
}
