using Orderly.Fulfillment.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;

namespace Orderly.Orders;

/// <summary>
/// Orders. Owns: orders, lines, the timeline (tables orders_*). Publishes: OrderPlaced (written by
/// checkout through <see cref="IOrderBook"/>). Listens to: payments, inventory and fulfillment events.
/// </summary>
public static class OrdersModule
{
    public static IHostApplicationBuilder AddOrders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IOrderBook, OrderBook>();
        builder.Services.AddMessageHandler<PaymentSucceeded, RecordOrderProgress>();
        builder.Services.AddMessageHandler<PaymentFailed, RecordOrderProgress>();
        builder.Services.AddMessageHandler<ReservationExpired, RecordOrderProgress>();
        builder.Services.AddMessageHandler<OrderFulfilled, RecordOrderProgress>();
        builder.Services.AddMessageHandler<FulfillmentAwaitingStock, RecordOrderProgress>();
        builder.Services.AddMessageHandler<FulfillmentOnHold, RecordOrderProgress>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/orders/{id:guid}", GetOrder.PublicAsync).WithTags("Orders").WithName("GetOrderStatus");
        var admin = app.MapGroup("/api/admin/orders").RequireAuthorization(HostingModule.AdminPolicy).WithTags("Orders");
        admin.MapGet("/", GetOrder.ListAsync).WithName("ListOrders");
        admin.MapGet("/{id:guid}", GetOrder.AdminAsync).WithName("GetOrder");
        return app;
    }
}
