using Orderly.Accounts.Contracts;
using Orderly.Messaging;
using Orderly.Payments.Contracts;

namespace Orderly.Fulfillment;

/// <summary>
/// Fulfillment. Owns: fulfillment jobs (table fulfillment_jobs). Publishes: OrderFulfilled,
/// FulfillmentAwaitingStock, FulfillmentOnHold. Listens to: PaymentSucceeded, AccountReady.
/// Depends on: Orders, Catalog, Inventory, Keys, Library, Audit contracts.
/// </summary>
public static class FulfillmentModule
{
    public static IHostApplicationBuilder AddFulfillment(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMessageHandler<PaymentSucceeded, TrackFulfillmentPrerequisites>();
        builder.Services.AddMessageHandler<AccountReady, TrackFulfillmentPrerequisites>();
        builder.Services.AddMessageHandler<FulfillmentRequested, FulfillOrder>();
        return builder;
    }
}
