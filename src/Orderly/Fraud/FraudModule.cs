using Orderly.Fraud.Contracts;
using Orderly.Hosting;
using Orderly.Messaging;
using Orderly.Orders.Contracts;

namespace Orderly.Fraud;

/// <summary>
/// Fraud. Owns: order signals and assessments with their reviews (tables fraud_*), the disposable
/// domain list. Offers: IFraudScreen (called by Fulfillment inside its transaction). Publishes:
/// FraudReviewApproved, OrderCancelRequested (a rejected review). Listens to: OrderPlaced.
/// Depends on: Orders (order lookup), Payments (refunds), Audit contracts.
/// </summary>
public static class FraudModule
{
    public static IHostApplicationBuilder AddFraud(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FraudOptions>().Bind(builder.Configuration.GetSection(FraudOptions.Section))
            .Validate(o => o.HoldThreshold > 0 && o.ReviewTimeout > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero && o.VelocityWindow > TimeSpan.Zero,
                "Fraud: HoldThreshold, ReviewTimeout, SweepInterval and VelocityWindow must be positive.")
            .Validate(o => o.TimeoutOutcome.ToLowerInvariant() is "approve" or "reject", "Fraud:TimeoutOutcome must be 'approve' or 'reject'.")
            .Validate(o => o.AmountThresholds.Values.All(v => v > 0), "Fraud:AmountThresholds are positive amounts in minor units.")
            .ValidateOnStart();
        builder.Services.AddSingleton(DisposableDomains.Shipped());
        builder.Services.AddScoped<IFraudScreen, ScreenPayment>();
        builder.Services.AddMessageHandler<OrderPlaced, RecordOrderSignals>();
        builder.Services.AddScoped<ApproveReview.Handler>();
        builder.Services.AddScoped<ListReviews.Handler>();
        builder.Services.AddScoped<RejectReview.Handler>();
        builder.Services.AddScoped<ApplyReviewTimeoutsHandler>();
        builder.Services.AddSingleton<ReviewTimeoutWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReviewTimeoutWorker>());
        return builder;
    }

    public static IEndpointRouteBuilder MapFraud(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/fraud").RequireAuthorization(HostingModule.AdminPolicy).WithTags("Fraud");
        admin.MapGet("/reviews", ListReviews.EndpointAsync).WithName("ListFraudReviews");
        admin.MapPost("/reviews/{orderId:guid}/approve", ApproveReview.EndpointAsync).WithName("ApproveFraudReview");
        admin.MapPost("/reviews/{orderId:guid}/reject", RejectReview.EndpointAsync).WithName("RejectFraudReview").WithBodyLimit(16 * 1024);
        return app;
    }
}
