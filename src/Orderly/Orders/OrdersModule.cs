using Orderly.Fulfillment.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Shipping.Contracts;

namespace Orderly.Orders;

/// <summary>
/// Orders. Owns: orders, lines, the timeline, shipments seen, refunds applied, refund requests, invoice
/// numbers (tables orders_*) and
/// the status machine (<see cref="OrderTransitions"/>). Publishes: OrderPlaced (written by checkout
/// through <see cref="IOrderBook"/>), OrderStatusChanged, OrderRefunded, RefundRequestDecided. Listens to: payments,
/// inventory, fulfillment and shipping events, cancel requests, dead-lettered fulfillment.
/// </summary>
public static class OrdersModule
{
    public static IHostApplicationBuilder AddOrders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IOrderBook, OrderBook>();
        builder.Services.AddScoped<IBestSellers, ReportBestSellers>();
        builder.Services.AddScoped<IAlsoBought, ReportAlsoBought>();
        builder.Services.AddScoped<ISalesByProduct, ReportSalesByProduct>();
        builder.Services.AddScoped<OrderStatusMover>();
        builder.Services.AddScoped<IBuyerOrders, ListBuyerOrders>();
        builder.Services.AddScoped<IBuyerOrderErasure, AnonymizeBuyerOrders>();
        builder.Services.AddScoped<RequestRefund.Handler>();
        builder.Services.AddScoped<ListRefundRequests.Handler>();
        builder.Services.AddScoped<DecideRefundRequest.Handler>();
        builder.Services.AddScoped<IssueInvoice>();
        builder.Services.AddScoped<ShowInvoice.Handler>();
        builder.Services.AddOptions<InvoiceOptions>().Bind(builder.Configuration.GetSection(InvoiceOptions.Section));
        builder.Services.AddScoped<RefundOrder.Handler>();
        builder.Services.AddScoped<CancelOrder.Handler>();
        builder.Services.AddScoped<MarkOrderPaid.Handler>();
        builder.Services.AddScoped<ShowOrder.Handler>();
        builder.Services.AddScoped<SearchOrders.Handler>();
        builder.Services.AddScoped<ReportSales.Handler>();
        builder.Services.AddScoped<ReportFulfillmentTimes.Handler>();
        // Keyed by the order each delivery locks (LockedOrder, ADR 0030).
        builder.Services.AddMessageHandler<PaymentSucceeded, RecordOrderProgress>(m => m.OrderId);
        builder.Services.AddMessageHandler<PaymentFailed, RecordOrderProgress>(m => m.OrderId);
        builder.Services.AddMessageHandler<ReservationExpired, RecordOrderProgress>(m => m.OrderId);
        builder.Services.AddMessageHandler<OrderFulfilled, RecordOrderProgress>(m => m.OrderId);
        builder.Services.AddMessageHandler<FulfillmentAwaitingStock, RecordOrderProgress>(m => m.OrderId);
        builder.Services.AddMessageHandler<FulfillmentOnHold, RecordOrderProgress>(m => m.OrderId);
        builder.Services.AddMessageHandler<FulfillmentResumed, RecordOrderProgress>(m => m.OrderId);
        builder.Services.AddMessageHandler<OrderCancelRequested, RecordOrderProgress>(m => m.OrderId);
        builder.Services.AddMessageHandler<ShipmentCreated, RecordOrderProgress>(m => m.OrderId);
        builder.Services.AddMessageHandler<ShipmentShipped, RecordOrderProgress>(m => m.OrderId);
        builder.Services.AddMessageHandler<ShipmentDelivered, RecordOrderProgress>(m => m.OrderId);
        builder.Services.AddMessageHandler<PaymentRefunded, ApplyRefund>(m => m.OrderId);
        builder.Services.AddMessageHandler<MessageDeadLettered, CompensateFailedFulfillment>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/orders/{id:guid}", GetOrder.PublicAsync).WithTags("Orders").WithName("GetOrderStatus");
        var admin = app.MapGroup("/api/admin/orders").RequireAuthorization(HostingModule.AdminPolicy).WithTags("Orders");
        admin.MapGet("/", GetOrder.ListAsync).WithName("ListOrders");
        admin.MapGet("/{id:guid}", GetOrder.AdminAsync).WithName("GetOrder");
        admin.MapGet("/refund-requests", ListRefundRequests.ListAsync).WithName("ListRefundRequests");
        admin.MapPost("/refund-requests/{id:guid}/decision", DecideRefundRequest.EndpointAsync).WithName("DecideRefundRequest");
        admin.MapPost("/{id:guid}/refunds", RefundOrder.HandleAsync).WithName("RefundOrder");
        admin.MapPost("/{id:guid}/cancel", CancelOrder.HandleAsync).WithName("CancelOrder");
        admin.MapPost("/{id:guid}/mark-paid", MarkOrderPaid.HandleAsync).WithName("MarkOrderPaid");
        return app;
    }
}
