using Orderly.Fulfillment.Contracts;
using Orderly.Hosting;
using Orderly.Messaging;
using Orderly.Shipping.Contracts;

namespace Orderly.Shipping;

/// <summary>
/// Shipping. Owns: the addresses given at checkout, shipments, their lines and tracking events
/// (tables shipping_*). Publishes: ShipmentCreated, ShipmentShipped, ShipmentDelivered. Listens to:
/// OrderFulfilled (the physical lines go packing).
/// </summary>
public static class ShippingModule
{
    public static IHostApplicationBuilder AddShipping(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IShippingAddresses, RecordShippingAddress>();
        builder.Services.AddScoped<MoveShipment.Handler>();
        builder.Services.AddScoped<IBuyerShipments, ListBuyerShipments>();
        builder.Services.AddScoped<IShippingAddressErasure, EraseShippingAddresses>();
        builder.Services.AddScoped<IShippingDestinations, FindShippingAddress>();
        builder.Services.AddMessageHandler<OrderFulfilled, CreateShipment>();
        return builder;
    }

    public static IEndpointRouteBuilder MapShipping(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/orders/{id:guid}/shipments", ListShipments.ForOrderAsync).WithTags("Shipping").WithName("GetOrderShipments");
        var admin = app.MapGroup("/api/admin/shipments").RequireAuthorization(HostingModule.AdminPolicy).WithTags("Shipping");
        admin.MapGet("/", ListShipments.AdminAsync).WithName("ListShipments");
        admin.MapPost("/{id:guid}/ship", MoveShipment.ShipEndpointAsync).WithName("ShipShipment");
        admin.MapPost("/{id:guid}/events", MoveShipment.TrackEndpointAsync).WithName("RecordTrackingEvent");
        admin.MapPost("/{id:guid}/deliver", MoveShipment.DeliverEndpointAsync).WithName("DeliverShipment");
        return app;
    }
}
