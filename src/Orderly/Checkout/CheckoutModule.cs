using Orderly.Checkout.Contracts;
using Orderly.Checkout.Routes;
using Orderly.Hosting;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;

namespace Orderly.Checkout;

/// <summary>
/// Checkout. Owns: the shoppers' carts and wishlists (checkout_carts, checkout_cart_lines,
/// checkout_wishlist_items), the coupons (checkout_coupons, checkout_coupon_redemptions; ADR 0022) and the checkout pages' use cases; otherwise it is the place-order workflow over Catalog, Inventory, Orders,
/// Shipping, StoreCredit, Payments and Audit contracts, and <see cref="IDirectCheckout"/> for
/// modules that place an order in their own transaction. Publishes: OrderPlaced (through the
/// outbox, in the same transaction). Payment routes: stripe, wallet, manual, cod, test (the
/// provider routes come from Payments).
/// </summary>
public static class CheckoutModule
{
    /// <summary>Rate limit policy of checkout, configured under <c>RateLimits:Checkout</c>.</summary>
    public const string RateLimitPolicy = "Checkout";

    public static IHostApplicationBuilder AddCheckout(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CheckoutOptions>().Bind(builder.Configuration.GetSection(CheckoutOptions.Section))
            .Validate(o => o.MaxBatchSize is > 0 and <= 1000 && o.Writers is null or (> 0 and <= 16), "Checkout: MaxBatchSize must be 1-1000 and Writers 1-16.")
            .Validate(o => o.OfflinePaymentReservation > TimeSpan.Zero, "Checkout: OfflinePaymentReservation must be positive.")
            .Validate(o => o.GuestCartRetention > TimeSpan.Zero, "Checkout: GuestCartRetention must be positive.")
            .Validate(o => o.ShippingRates.Values.All(r => r >= 0) && o.TaxRates.Values.All(r => r is >= 0 and < 100) && o.FreeShippingAbove is null or >= 0,
                "Checkout: ShippingRates and FreeShippingAbove must not be negative, TaxRates must be 0-99.")
            .ValidateOnStart();
        builder.Services.AddOptions<ManualPaymentOptions>().Bind(builder.Configuration.GetSection(ManualPaymentOptions.Section));
        builder.Services.AddScoped<PlaceOrder.Handler>();
        builder.Services.AddSingleton<ICheckoutPages, CheckoutPages>();
        builder.Services.AddScoped<PlaceSettledOrder>();
        builder.Services.AddScoped<Coupons.CouponLedger>();
        builder.Services.AddScoped<Coupons.SaveCoupon.Handler>();
        builder.Services.AddScoped<Coupons.ListCoupons.Handler>();
        builder.Services.AddScoped<Coupons.DeactivateCoupon.Handler>();
        builder.Services.AddScoped<QuoteOrder.Handler>();
        builder.Services.AddScoped<IPaymentRoute, StripeRoute>();
        builder.Services.AddScoped<IPaymentRoute>(_ => new SettledAtCheckoutRoute(PaymentMethods.Wallet));
        builder.Services.AddScoped<IPaymentRoute>(_ => new SettledAtCheckoutRoute(PaymentMethods.Test));
        builder.Services.AddScoped<IPaymentRoute, ManualRoute>();
        builder.Services.AddScoped<IPaymentRoute, CashOnDeliveryRoute>();
        builder.Services.AddScoped<PlaceOrder.Writer>();
        builder.Services.AddScoped<IDirectCheckout, PlaceDirectOrder>();
        builder.Services.AddScoped<IExternalCheckout, PlaceExternalOrder>();
        builder.Services.AddScoped<CartIdentity>();
        builder.Services.AddScoped<AddToCart.Handler>();
        builder.Services.AddScoped<ChangeCartLine.Handler>();
        builder.Services.AddScoped<ShowCart.Handler>();
        builder.Services.AddScoped<ApplyCartCoupon.Handler>();
        builder.Services.AddScoped<AddToWishlist.Handler>();
        builder.Services.AddScoped<ChangeWishlist.Handler>();
        builder.Services.AddScoped<ShowWishlist.Handler>();
        builder.Services.AddScoped<CheckoutCart.Handler>();
        builder.Services.AddScoped<FollowOrder.Handler>();
        builder.Services.AddSingleton<BrowserOrders>();
        builder.Services.AddSingleton<CheckoutBatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CheckoutBatcher>());
        builder.Services.AddHostedService<DemoOrderSeeder>();
        builder.Services.AddSingleton<SweepGuestCarts>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SweepGuestCarts>());
        // Per client address: a buyer places a handful of orders; a script reserving stock it
        // never pays for (holding it for the reservation's 15 minutes) places hundreds.
        builder.AddRateLimitPolicy(RateLimitPolicy, RateLimits.ClientIp, new RateLimitPolicyOptions { Limit = 60, Period = TimeSpan.FromMinutes(1), Burst = 20 });
        return builder;
    }

    public static IEndpointRouteBuilder MapCheckout(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/checkout", PlaceOrder.EndpointAsync).WithTags("Checkout").WithName("PlaceOrder").WithBodyLimit(64 * 1024)
            .WithRateLimit(RateLimitPolicy);
        // The storefront's cart forms (plain HTML posts: [FromForm] makes antiforgery validate them).
        app.MapPost("/cart/add", AddToCart.EndpointAsync).ExcludeFromDescription();
        app.MapPost("/cart/update", ChangeCartLine.UpdateAsync).ExcludeFromDescription();
        app.MapPost("/cart/remove", ChangeCartLine.RemoveAsync).ExcludeFromDescription();
        app.MapPost("/cart/coupon", ApplyCartCoupon.EndpointAsync).ExcludeFromDescription();
        app.MapPost("/wishlist/add", AddToWishlist.EndpointAsync).ExcludeFromDescription();
        app.MapPost("/wishlist/move", ChangeWishlist.MoveEndpointAsync).ExcludeFromDescription();
        app.MapPost("/wishlist/remove", ChangeWishlist.RemoveEndpointAsync).ExcludeFromDescription();
        app.MapGet("/checkout/orders/{id:guid}/events", FollowOrder.Events).ExcludeFromDescription();
        var coupons = app.MapGroup("/api/admin/coupons").RequireAuthorization(HostingModule.AdminPolicy).WithTags("Coupons");
        coupons.MapGet("", Coupons.ListCoupons.EndpointAsync).WithName("ListCoupons");
        coupons.MapPost("", Coupons.SaveCoupon.CreateAsync).WithName("CreateCoupon");
        coupons.MapPut("/{id:guid}", Coupons.SaveCoupon.UpdateAsync).WithName("UpdateCoupon");
        coupons.MapPost("/{id:guid}/deactivate", Coupons.DeactivateCoupon.EndpointAsync).WithName("DeactivateCoupon");
        return app;
    }
}
