using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Payments.Refunds;
using Orderly.Payments.PayPal;
using Orderly.Payments.Stripe;
using Orderly.Payments.WooCommerce;

namespace Orderly.Payments;

/// <summary>
/// Payments. Owns: raw webhook events, confirmed payments, reported refunds and the WooCommerce
/// order links (tables payments_*). Publishes: PaymentSucceeded, PaymentFailed, PaymentRefunded,
/// OrderCancelRequested (from WooCommerce), subscription events; records internal (wallet) payments
/// through IInternalPayments; offers IRefundGateway and IPaymentRoute for stripe, paypal and
/// woocommerce. Handles: OrderStatusChanged (pushed to WooCommerce). Depends on: Orders, Checkout
/// (IExternalCheckout, to mirror Woo orders; ICheckoutPages, where PayPal's capture return sends the
/// buyer on), Audit. Serves GET /payments/paypal/return (capture of an approved PayPal order).
/// </summary>
public static class PaymentsModule
{
    /// <summary>Rate limit policy of PayPal's return (each request is a call to PayPal), configured under <c>RateLimits:PayPalReturn</c>.</summary>
    public const string PayPalReturnPolicy = "PayPalReturn";

    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentsOptions>().Bind(builder.Configuration.GetSection(PaymentsOptions.Section))
            .Validate(o => o.Stripe.ToleranceSeconds is > 0 and <= 3600, "Payments:Stripe:ToleranceSeconds must be 1–3600.")
            .Validate(o => o.PayPal.ToleranceSeconds is > 0 and <= 3600, "Payments:PayPal:ToleranceSeconds must be 1–3600.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WebhookRecorder>();
        builder.Services.AddSingleton<PayPalCertificates>();
        builder.Services.AddScoped<MirrorWooOrder>();
        ProviderApis.Configure(builder.Services);
        builder.Services.AddSingleton<StripeApi>();
        builder.Services.AddSingleton<PayPalApi>();
        builder.Services.AddSingleton<WooCommerceApi>();
        builder.Services.AddSingleton<GatewayRefunds>();
        // IPaymentRefunds picks the gateway by the payment's provider.
        builder.Services.AddSingleton<IRefundGateway, StripeRefundGateway>();
        builder.Services.AddSingleton<IRefundGateway, PayPalRefundGateway>();
        builder.Services.AddSingleton<IRefundGateway, WooCommerceRefundGateway>();
        builder.Services.AddSingleton<IPaymentRoute, StartStripeCheckout>();
        builder.Services.AddSingleton<IPaymentRoute, StartPayPalOrder>();
        builder.Services.AddSingleton<IPaymentRoute, StartWooCommerceOrder>();
        builder.Services.AddMessageHandler<OrderStatusChanged, PushWooOrderStatus>();
        // Redirects not followed: the allow-listed URL is the only address fetched.
        builder.Services.AddHttpClient(PayPalCertificates.HttpClientName, (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.ProviderTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        builder.Services.AddScoped<IInternalPayments, RecordInternalPayment>();
        builder.Services.AddScoped<IPaymentRefunds, RefundPayment>();
        foreach (var provider in InternalRefundGateway.Providers)
        {
            builder.Services.AddSingleton<IRefundGateway>(sp => new InternalRefundGateway(provider, sp.GetRequiredService<TimeProvider>()));
        }
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookRecorder>());
        // A buyer comes back once or twice; guessed tokens would each cost a PayPal API call.
        builder.AddRateLimitPolicy(PayPalReturnPolicy, RateLimits.ClientIp, new RateLimitPolicyOptions { Limit = 30, Period = TimeSpan.FromMinutes(1), Burst = 10 });
        return builder;
    }

    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/stripe", ReceiveStripeWebhook.HandleAsync).WithTags("Payments").WithName("StripeWebhook")
            .WithBodyLimit(1024 * 1024 + 1).Accepts<string>("application/json");
        app.MapPost("/webhooks/paypal", ReceivePayPalWebhook.HandleAsync).WithTags("Payments").WithName("PayPalWebhook")
            .WithBodyLimit(1024 * 1024 + 1).Accepts<string>("application/json");
        // PayPal sends the buyer who approved a paypal-route order here; the capture happens on this request.
        app.MapGet(CapturePayPalOrder.Path, CapturePayPalOrder.HandleAsync).WithTags("Payments").WithName("PayPalReturn")
            .WithRateLimit(PayPalReturnPolicy);
        // The creation ping is a form post (webhook_id=N); deliveries are JSON.
        app.MapPost("/webhooks/woocommerce", ReceiveWooCommerceWebhook.HandleAsync).WithTags("Payments").WithName("WooCommerceWebhook")
            .WithBodyLimit(1024 * 1024 + 1).Accepts<string>("application/json", "application/x-www-form-urlencoded");
        return app;
    }
}
