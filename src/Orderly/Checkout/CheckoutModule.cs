using Orderly.Hosting;

namespace Orderly.Checkout;

/// <summary>
/// Checkout. Owns: no tables; it is the place-order workflow over Catalog, Inventory, Orders and
/// Audit contracts. Publishes: OrderPlaced (through the outbox, in the same transaction).
/// </summary>
public static class CheckoutModule
{
    public static IHostApplicationBuilder AddCheckout(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PlaceOrder.Handler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/checkout", PlaceOrder.EndpointAsync).WithTags("Checkout").WithName("PlaceOrder").WithBodyLimit(64 * 1024);
        return app;
    }
}
