using Microsoft.AspNetCore.Authentication;
using Orderly.Delivery.Contracts;
using Orderly.Fulfillment.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Reseller.Contracts;
using Orderly.Reseller.Webhooks;

namespace Orderly.Reseller;

/// <summary>
/// Reseller API. Owns: merchants, API keys, the EUR wallet ledger, FX rates, reseller orders, the
/// request log, webhook subscriptions and deliveries (tables reseller_*). Publishes: nothing of its
/// own (its orders publish through Checkout and Payments). Listens to: OrderDelivered, OrderRefunded
/// (wallet and delivery status), and OrderDelivered, PaymentSucceeded, OrderFulfilled, OrderRefunded,
/// StockLow (outgoing webhooks).
/// </summary>
public static class ResellerModule
{
    /// <summary>Rate limit policy per API key, configured under <c>RateLimits:ResellerApi</c>.</summary>
    public const string RateLimitPolicy = "ResellerApi";
    public const string AuthorizationPolicy = "reseller";

    public static IHostApplicationBuilder AddReseller(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ResellerOptions>().Bind(builder.Configuration.GetSection(ResellerOptions.Section))
            .Validate(o => o.RefusedRequestsLoggedPerMinute > 0, "Reseller:RefusedRequestsLoggedPerMinute must be positive.")
            .Validate(o => o.Webhooks.Timeout > TimeSpan.Zero && o.Webhooks.MaxConcurrencyPerEndpoint is > 0 and <= 64 && o.Webhooks.PollInterval > TimeSpan.Zero
                && (o.Webhooks.RetrySchedule ?? []).All(t => t >= TimeSpan.Zero), "Reseller:Webhooks: Timeout and PollInterval positive, MaxConcurrencyPerEndpoint 1-64, RetrySchedule steps not negative.")
            .ValidateOnStart();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ResellerApiKeyHandler>(ResellerApiKeyHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicy, p => p.AddAuthenticationSchemes(ResellerApiKeyHandler.SchemeName).RequireClaim(ResellerCaller.KeyClaim));
        builder.Services.AddScoped<WalletBook>();
        builder.Services.AddScoped<FxRates>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<IExchangeRates, ListLatestFxRates>();
        builder.Services.AddScoped<RequestLog>();
        builder.Services.AddSingleton<RefusedRequestBudget>();
        builder.Services.AddScoped<IMerchantDirectory, MerchantDirectory>();
        builder.Services.AddScoped<PlaceResellerOrder.Handler>();
        builder.Services.AddScoped<CreateMerchant.Handler>();
        builder.Services.AddScoped<ListMerchants.Handler>();
        builder.Services.AddScoped<SetWholesaleDiscount.Handler>();
        builder.Services.AddScoped<ShowMerchantOverview.Handler>();
        builder.Services.AddScoped<PostWalletEntry.Handler>();
        builder.Services.AddScoped<ShowWallet.Handler>();
        builder.Services.AddScoped<ListRequests.Handler>();
        builder.Services.AddScoped<ListApiKeys.Handler>();
        builder.Services.AddScoped<CreateApiKey.Handler>();
        builder.Services.AddScoped<RevokeApiKey.Handler>();
        builder.Services.AddScoped<CreateWebhookSubscription.Handler>();
        builder.Services.AddScoped<ListWebhooks.Handler>();
        builder.Services.AddScoped<DisableWebhookSubscription.Handler>();
        builder.Services.AddScoped<ReplayWebhookDelivery.Handler>();
        builder.Services.AddMessageHandler<OrderDelivered, TrackResellerDelivery>();
        builder.Services.AddMessageHandler<OrderRefunded, CreditRefundedOrder>();

        builder.Services.AddSingleton<WebhookTargets>();
        WebhookTargets.Configure(builder.Services);
        builder.Services.AddMessageHandler<OrderDelivered, EnqueueWebhookDeliveries>();
        builder.Services.AddMessageHandler<PaymentSucceeded, EnqueueWebhookDeliveries>();
        builder.Services.AddMessageHandler<OrderFulfilled, EnqueueWebhookDeliveries>();
        builder.Services.AddMessageHandler<OrderRefunded, EnqueueWebhookDeliveries>();
        builder.Services.AddMessageHandler<StockLow, EnqueueWebhookDeliveries>();
        builder.Services.AddSingleton<InProcessEndpointGate>();
        if (RedisConnection.IsConfigured(builder.Configuration))
        {
            builder.Services.AddSingleton<IEndpointGate, RedisEndpointGate>();
        }
        else
        {
            builder.Services.AddSingleton<IEndpointGate>(sp => sp.GetRequiredService<InProcessEndpointGate>());
        }
        builder.Services.AddSingleton<WebhookDeliveryWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookDeliveryWorker>());

        // Per API key (the authenticated key's id; the client address before authentication).
        builder.AddRateLimitPolicy(RateLimitPolicy, ResellerCaller.RateLimitPartition, new RateLimitPolicyOptions { Limit = 120, Period = TimeSpan.FromMinutes(1), Burst = 30 });
        return builder;
    }

    public static IEndpointRouteBuilder MapReseller(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").RequireAuthorization(AuthorizationPolicy).WithRateLimit(RateLimitPolicy).WithMetadata(ResellerProblems.Metadata)
            .WithMetadata(new RateLimitRejectedMetadata((context, ct) => context.RequestServices.GetRequiredService<RequestLog>().RecordRefusedAsync(context, StatusCodes.Status429TooManyRequests, "rate_limited", ct)))
            .WithTags("Reseller");
        api.MapPost("/api/reseller/v1/orders", PlaceResellerOrder.EndpointAsync).WithName("PlaceResellerOrder").WithBodyLimit(64 * 1024);
        // The seed's path, kept so existing clients work unchanged.
        api.MapPost("/wp-json/custom-api/v1/add-product/", PlaceResellerOrder.EndpointAsync).WithName("PlaceResellerOrderAlias").WithBodyLimit(64 * 1024);
        api.MapGet("/api/reseller/v1/orders/{requestId:guid}", GetResellerOrder.EndpointAsync).WithName("GetResellerOrder");

        var admin = app.MapGroup("/api/admin/reseller").RequireAuthorization(HostingModule.AdminPolicy).WithTags("Reseller");
        admin.MapPost("/merchants", CreateMerchant.EndpointAsync).WithName("CreateMerchant");
        admin.MapGet("/merchants", ListMerchants.EndpointAsync).WithName("ListMerchants");
        admin.MapPut("/merchants/{id:guid}/pricing", SetWholesaleDiscount.EndpointAsync).WithName("SetMerchantPricing");
        admin.MapPost("/merchants/{id:guid}/api-keys", CreateApiKey.EndpointAsync).WithName("CreateResellerApiKey");
        admin.MapDelete("/api-keys/{id:guid}", RevokeApiKey.EndpointAsync).WithName("RevokeResellerApiKey");
        admin.MapPost("/merchants/{id:guid}/wallet/entries", PostWalletEntry.EndpointAsync).WithName("PostWalletEntry");
        admin.MapGet("/merchants/{id:guid}/wallet", ShowWallet.EndpointAsync).WithName("ShowWallet");
        admin.MapGet("/merchants/{id:guid}/requests", ListRequests.EndpointAsync).WithName("ListResellerRequests");
        admin.MapPost("/fx-rates", RecordFxRate.EndpointAsync).WithName("RecordFxRate");
        admin.MapPost("/merchants/{id:guid}/webhooks", CreateWebhookSubscription.EndpointAsync).WithName("CreateWebhookSubscription");
        admin.MapGet("/merchants/{id:guid}/webhooks", ListWebhooks.SubscriptionsAsync).WithName("ListWebhookSubscriptions");
        admin.MapGet("/merchants/{id:guid}/webhooks/deliveries", ListWebhooks.DeliveriesAsync).WithName("ListWebhookDeliveries");
        admin.MapPost("/webhooks/deliveries/{id:guid}/replay", ReplayWebhookDelivery.EndpointAsync).WithName("ReplayWebhookDelivery");
        return app;
    }
}
