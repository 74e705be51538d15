using Orderly.Accounts.Contracts;
using Orderly.Delivery.Contracts;
using Orderly.Delivery.Email;
using Orderly.Delivery.Notifications;
using Orderly.Fulfillment.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Library.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Shipping.Contracts;

namespace Orderly.Delivery;

/// <summary>
/// Delivery. Owns: sent e-mails and notifications (tables delivery_*), e-mail templates, the live
/// notification hub. Listens to: OrderFulfilled (e-mail, in-app), ResendDeliveryEmail,
/// FulfillmentAwaitingStock (waiting notice), OrderRefunded, RefundRequestDecided, OrderStatusChanged (payment failed),
/// ShipmentShipped (tracking e-mail), AccountEmailRequested (confirmation, password reset), StockLow, StockDepleted. Each channel is its own handler, so each retries on its own.
/// </summary>
public static class DeliveryModule
{
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().Bind(builder.Configuration.GetSection(EmailOptions.Section))
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.From, out _), "Email:From must be an e-mail address.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IEmailSender>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>().Value.Smtp.Host)
                ? ActivatorUtilities.CreateInstance<PickupDirectoryEmailSender>(sp)
                : ActivatorUtilities.CreateInstance<SmtpEmailSender>(sp));
        
        builder.Services.AddSingleton<NotificationHub>();
        if (RedisConnection.IsConfigured(builder.Configuration))
        {
            builder.Services.AddSingleton<INotificationFanout, RedisNotificationFanout>();
            builder.Services.AddHostedService<RedisNotificationSubscriber>();
        }
        else
        {
            builder.Services.AddSingleton<INotificationFanout, LocalNotificationFanout>();
        }
        builder.Services.AddMessageHandler<OrderFulfilled, SendDeliveryEmail>();
        builder.Services.AddMessageHandler<ResendDeliveryEmail, SendDeliveryEmail>();
        builder.Services.AddMessageHandler<OrderFulfilled, NotifyBuyer>();
        builder.Services.AddScoped<OrderNoticeSender>();
        builder.Services.AddMessageHandler<OrderRefunded, SendRefundEmail>();
        builder.Services.AddMessageHandler<RefundRequestDecided, SendRefundDecisionEmail>();
        builder.Services.AddMessageHandler<OrderStatusChanged, SendPaymentFailedEmail>();
        builder.Services.AddMessageHandler<FulfillmentAwaitingStock, SendWaitingNotice>();
        builder.Services.AddMessageHandler<ShipmentShipped, SendShipmentEmail>();
        builder.Services.AddMessageHandler<AccountEmailRequested, SendAccountEmail>();
        builder.Services.AddScoped<IBuyerNotifications, BuyerNotificationRecords>();
        builder.Services.AddMessageHandler<StockLow, AlertAdmins>();
        builder.Services.AddMessageHandler<StockDepleted, AlertAdmins>();
        builder.Services.AddMessageHandler<MessageDeadLettered, AlertAdmins>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDelivery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/library/notifications", ListNotifications.BuyerAsync).WithTags("Delivery").WithName("BuyerNotifications")
            .WithRateLimit(LibraryToken.RateLimitPolicy);
        app.MapGet("/api/library/notifications/stream", ListNotifications.BuyerStream).WithTags("Delivery").WithName("BuyerNotificationStream")
            .WithRateLimit(LibraryToken.RateLimitPolicy);
        var admin = app.MapGroup("/api/admin/notifications").RequireAuthorization(HostingModule.AdminPolicy).WithTags("Delivery");
        admin.MapGet("/", ListNotifications.AdminAsync).WithName("AdminNotifications");
        admin.MapGet("/stream", ListNotifications.AdminStream).WithName("AdminNotificationStream");
        return app;
    }
}
