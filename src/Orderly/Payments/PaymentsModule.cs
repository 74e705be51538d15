using Orderly.Hosting;
using Orderly.Payments.Contracts;
using Orderly.Payments.Refunds;
using Orderly.Payments.Stripe;

namespace Orderly.Payments;

/// <summary>
/// Payments. Owns: raw webhook events and confirmed payments (tables payments_*). Publishes:
/// PaymentSucceeded, PaymentFailed; records internal (wallet) payments through IInternalPayments. Depends on: Orders (does the order exist?), Audit.
/// </summary>
public static class PaymentsModule
{
    public static IHostApplicationBuilder AddPayments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentsOptions>().Bind(builder.Configuration.GetSection(PaymentsOptions.Section))
            .Validate(o => o.Stripe.ToleranceSeconds is > 0 and <= 3600, "Payments:Stripe:ToleranceSeconds must be 1–3600.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WebhookRecorder>();
        builder.Services.AddScoped<IInternalPayments, RecordInternalPayment>();
        builder.Services.AddScoped<IPaymentRefunds, RefundPayment>();
        foreach (var provider in InternalRefundGateway.Providers)
        {
            builder.Services.AddSingleton<IRefundGateway>(sp => new InternalRefundGateway(provider, sp.GetRequiredService<TimeProvider>()));
        }
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookRecorder>());
        return builder;
    }

    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/stripe", ReceiveStripeWebhook.HandleAsync).WithTags("Payments").WithName("StripeWebhook")
            .WithBodyLimit(1024 * 1024 + 1).Accepts<string>("application/json");
        return app;
    }
}
