using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Orderly.IntegrationTests.Checkout;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Web;

/// <summary>Shoppers in a real browser: cart, wishlist, checkout and the live thank-you page.</summary>
public sealed class CheckoutJourneyTests(BrowserFixture browser)
{
    private static readonly Dictionary<string, string?> TestMode = new() { ["Checkout:TestMode"] = "true" };

    [Fact]
    public async Task Guest_buys_a_key_watches_the_order_deliver_without_a_reload_and_copies_the_key_from_the_library()
    {
        await using var app = new OrderlyApp(TestMode);
        var baseUrl = app.StartWebServer();
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("GAME-1", price: 2999)).StatusCode);
        await app.ImportKeysAsync("GAME-1", ["AAAA-BBBB-CCCC"]);
        var page = await browser.NewPageAsync(baseUrl);

        // Saved for later first, then moved into the cart from the wishlist.
        await page.GotoAsync("/wishlist");
        await Assertions.Expect(page.GetByText("Your wishlist is empty.")).ToBeVisibleAsync();
        await page.GetByLabel("Product code (SKU)").FillAsync("GAME-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save to wishlist" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved GAME-1 to your wishlist.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move Product GAME-1 to cart" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/cart\\?added=GAME-1$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added Product GAME-1 to your cart.");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cart (1)" })).ToBeVisibleAsync();
        await page.GetByLabel("Quantity of Product GAME-1").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update" }).ClickAsync();
        await Assertions.Expect(page.Locator(".cart-summary")).ToContainTextAsync("€59.98");
        await page.GetByLabel("Quantity of Product GAME-1").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update" }).ClickAsync();
        await Assertions.Expect(page.Locator(".cart-summary")).ToContainTextAsync("€29.99");

        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checkout", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Street and number")).ToHaveCountAsync(0); // nothing is shipped
        await page.GetByLabel("E-mail").FillAsync("not-an-address");
        await page.GetByLabel("Test payment (no money moves)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(page.Locator("#co-email-error")).ToHaveTextAsync("Enter a valid e-mail address.");

        await page.GetByLabel("E-mail").FillAsync("guest@shop.test");
        await page.GetByLabel("Full name").FillAsync("Guest Buyer");
        await page.GetByLabel("Test payment (no money moves)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you for your order" })).ToBeVisibleAsync();
        var thankYouUrl = page.Url;
        Assert.Contains("/checkout/complete?order_id=", thankYouUrl, StringComparison.Ordinal);
        // The status moves on by itself (Server-Sent Events): no reload, the same document.
        await page.EvaluateAsync("window.__sameDocument = true");
        await Assertions.Expect(page.Locator("[data-order-headline]")).ToHaveTextAsync("Delivered to your library", new() { Timeout = 20_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"));
        Assert.Equal(thankYouUrl, page.Url);
        await Assertions.Expect(page.Locator(".timeline li.done")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Cart", Exact = true })).ToBeVisibleAsync(); // the cart is empty again
        await BrowserFixture.ScreenshotAsync(page, "checkout-thank-you");

        await page.GetByRole(AriaRole.Link, new() { Name = "Open your library" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
        await Assertions.Expect(page.Locator("code").First).ToHaveTextAsync("AAAA-BBBB-CCCC");
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        Assert.Equal("AAAA-BBBB-CCCC", (await page.EvaluateAsync<string>("navigator.clipboard.readText()")).Trim());
        await BrowserFixture.ScreenshotAsync(page, "checkout-library");
    }

    [Fact]
    public async Task Hybrid_cart_requires_a_shipping_address_and_method_then_places_the_order_with_shipping_and_vat_in_its_total()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?>(TestMode)
        {
            ["Checkout:ShippingRates:standard"] = "490", ["Checkout:ShippingRates:express"] = "990", ["Checkout:TaxRates:DE"] = "19", ["Checkout:TaxCountry"] = "DE",
        });
        var baseUrl = app.StartWebServer();
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("KEY-1", price: 1000)).StatusCode);
        await app.ImportKeysAsync("KEY-1", ["KEY1-0001"]);
        await CheckoutShop.PhysicalProductAsync(app, "BOX-1", stock: 5, price: 2500);
        var page = await browser.NewPageAsync(baseUrl);

        await page.GotoAsync("/cart");
        await AddBySkuAsync(page, "KEY-1", 1);
        await AddBySkuAsync(page, "BOX-1", 2);
        await AddBySkuAsync(page, "NO-SUCH", 1);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That product is not sold here.");
        await Assertions.Expect(page.Locator(".cart-summary")).ToContainTextAsync("€60.00");

        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await page.GetByLabel("E-mail").FillAsync("hybrid@shop.test");
        await page.GetByLabel("Full name").FillAsync("Hybrid Buyer");
        await page.GetByLabel("Test payment (no money moves)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(page.Locator("#co-line1-error")).ToContainTextAsync("is required");
        await Assertions.Expect(page.Locator("#co-city-error")).ToContainTextAsync("is required");
        await Assertions.Expect(page.Locator("#co-country-error")).ToHaveTextAsync("Enter a two-letter country code, e.g. DE.");
        Assert.Equal(0, await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<Orderly.Orders.Order>())));

        await page.GetByLabel("Street and number").FillAsync("Hauptstraße 1");
        await page.GetByLabel("Postal code").FillAsync("10115");
        await page.GetByLabel("City").FillAsync("Berlin");
        await page.GetByLabel("Country (two letters, e.g. DE)", new() { Exact = true }).FillAsync("DE");
        await Assertions.Expect(page.GetByLabel("Express")).ToHaveAccessibleNameAsync("Express · €9.90");
        await page.GetByLabel("Express").CheckAsync();
        // The summary follows the method at once (the script posts "Update totals" in the background).
        await Assertions.Expect(page.Locator(".cart-summary [data-total=shipping]")).ToHaveTextAsync("€9.90");
        await Assertions.Expect(page.Locator(".cart-summary [data-total=total]")).ToHaveTextAsync("€69.90");
        await page.GetByLabel("Test payment (no money moves)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you for your order" })).ToBeVisibleAsync();
        // 60.00 of goods + 9.90 express = 69.90, of which 19 % VAT: 11.16.
        var totals = page.Locator(".order-totals");
        await Assertions.Expect(totals.Locator("[data-total=subtotal]")).ToHaveTextAsync("€60.00");
        await Assertions.Expect(totals.Locator("[data-total=shipping]")).ToHaveTextAsync("€9.90");
        await Assertions.Expect(totals).ToContainTextAsync("incl. VAT 19 %");
        await Assertions.Expect(totals.Locator("[data-total=tax]")).ToHaveTextAsync("€11.16");
        await Assertions.Expect(totals.Locator("[data-total=total]")).ToHaveTextAsync("€69.90");
        var order = await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Set<Orderly.Orders.Order>()));
        Assert.Equal((6990L, 990L, 1116L), (order.TotalAmount, order.ShippingAmount, order.TaxAmount));
        await Assertions.Expect(page.Locator(".order-lines")).ToContainTextAsync("Boxed BOX-1");
        await BrowserFixture.ScreenshotAsync(page, "checkout-hybrid");
    }

    [Fact]
    public async Task A_coupon_with_one_use_discounts_the_first_order_and_the_second_buyer_is_refused_with_a_clear_message()
    {
        await using var app = new OrderlyApp(TestMode);
        var baseUrl = app.StartWebServer();
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("GAME-C", price: 2000)).StatusCode);
        await app.ImportKeysAsync("GAME-C", ["GC-0001", "GC-0002"]);
        await CouponTotalsTests.CreateCouponAsync(app, new { code = "WELCOME", kind = "percentage", percent = 25, maxUses = 1 });
        var first = await browser.NewPageAsync(baseUrl);
        var second = await browser.NewPageAsync(baseUrl);

        // Both buyers apply the coupon while one use is left.
        foreach (var page in new[] { first, second })
        {
            await page.GotoAsync("/cart");
            await AddBySkuAsync(page, "GAME-C", 1);
            await page.GetByLabel("Coupon code").FillAsync("nope");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Assertions.Expect(page.Locator("#coupon-error")).ToHaveTextAsync("The coupon code NOPE is not valid.");
            await page.GetByLabel("Coupon code").FillAsync("welcome");
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
            await Assertions.Expect(page.Locator(".coupon-applied")).ToHaveTextAsync("Coupon WELCOME applied.");
            await Assertions.Expect(page.Locator(".cart-summary [data-total=discount]")).ToHaveTextAsync("−€5.00");
            await Assertions.Expect(page.Locator(".cart-summary [data-total=total]")).ToHaveTextAsync("€15.00");
        }

        await PlaceAsync(first, "first@shop.test");
        await Assertions.Expect(first.GetByRole(AriaRole.Heading, new() { Name = "Thank you for your order" })).ToBeVisibleAsync();
        await Assertions.Expect(first.Locator(".order-totals")).ToContainTextAsync("Discount (WELCOME)");
        await Assertions.Expect(first.Locator(".order-totals [data-total=total]")).ToHaveTextAsync("€15.00");

        await PlaceAsync(second, "second@shop.test");
        await Assertions.Expect(second.Locator("#co-coupon-error")).ToHaveTextAsync("The coupon WELCOME has been used up.");
        Assert.Equal(1, await app.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<Orderly.Orders.Order>())));
        await BrowserFixture.ScreenshotAsync(second, "checkout-coupon-used-up");

        // Without the coupon the second buyer pays the full price.
        await second.GetByLabel("Coupon code (optional)").FillAsync("");
        await second.GetByLabel("Test payment (no money moves)").CheckAsync();
        await second.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(second.Locator(".order-totals [data-total=total]")).ToHaveTextAsync("€20.00");
        await BrowserFixture.ScreenshotAsync(first, "checkout-coupon-thank-you");

        static async Task PlaceAsync(IPage page, string email)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
            await page.GetByLabel("E-mail").FillAsync(email);
            await page.GetByLabel("Full name").FillAsync("Coupon Buyer");
            await page.GetByLabel("Test payment (no money moves)").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        }
    }

    [Fact]
    public async Task A_signed_in_buyer_picks_a_saved_address_and_the_vat_follows_its_country()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?>(TestMode)
        {
            ["Checkout:ShippingRates:standard"] = "490", ["Checkout:TaxRates:DE"] = "19", ["Checkout:TaxRates:FR"] = "20", ["Checkout:TaxCountry"] = "DE",
        });
        var baseUrl = app.StartWebServer();
        await CheckoutShop.PhysicalProductAsync(app, "BOX-ADDR", stock: 3, price: 2500);
        var userId = await AccountJourneyTests.RegisterConfirmedAsync(app, "saved@shop.test");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var addresses = scope.ServiceProvider.GetRequiredService<Orderly.Accounts.SaveAddress.Handler>();
            await addresses.HandleAsync(userId, null, new("Ada Buyer", "Hauptstraße 1", null, "Berlin", "10115", "DE", null, true), CancellationToken.None);
            await addresses.HandleAsync(userId, null, new("Ada Buyer", "1 Rue de Rivoli", null, "Paris", "75001", "FR", null, false), CancellationToken.None);
        }
        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync("/account/login");
        await BrowserFixture.SubmitSignInAsync(page, "saved@shop.test", AccountJourneyTests.Password);
        await page.GotoAsync("/cart");
        await AddBySkuAsync(page, "BOX-ADDR", 1);
        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();

        // The default address fills the form; picking the other one fills it and the VAT follows.
        await Assertions.Expect(page.GetByLabel("City")).ToHaveValueAsync("Berlin");
        await Assertions.Expect(page.Locator(".cart-summary")).ToContainTextAsync("incl. VAT 19 %");
        await page.GetByLabel("Ada Buyer, 1 Rue de Rivoli, 75001 Paris, FR").CheckAsync();
        await Assertions.Expect(page.GetByLabel("City")).ToHaveValueAsync("Paris");
        await Assertions.Expect(page.Locator(".cart-summary")).ToContainTextAsync("incl. VAT 20 %");
        await page.GetByLabel("Test payment (no money moves)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you for your order" })).ToBeVisibleAsync();
        // 25.00 + 4.90 shipping = 29.90, of which 20 % VAT: 4.98.
        await Assertions.Expect(page.Locator(".order-totals")).ToContainTextAsync("incl. VAT 20 %");
        await Assertions.Expect(page.Locator(".order-totals [data-total=tax]")).ToHaveTextAsync("€4.98");
        await BrowserFixture.ScreenshotAsync(page, "checkout-saved-address");
    }

    [Fact]
    public async Task A_business_buyer_fills_billing_details_from_a_saved_address_adds_company_and_vat_id_and_the_invoice_shows_them()
    {
        await using var app = new OrderlyApp(TestMode);
        var baseUrl = app.StartWebServer();
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("KEY-B2B", price: 4900)).StatusCode);
        await app.ImportKeysAsync("KEY-B2B", ["B2B-0001"]);
        var userId = await AccountJourneyTests.RegisterConfirmedAsync(app, "business@shop.test");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Orderly.Accounts.SaveAddress.Handler>()
                .HandleAsync(userId, null, new("Ada Buyer", "Hauptstraße 1", "3rd floor", "Berlin", "10115", "DE", null, true), CancellationToken.None);
        }
        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync("/account/login");
        await BrowserFixture.SubmitSignInAsync(page, "business@shop.test", AccountJourneyTests.Password);
        await page.GotoAsync("/cart");
        await AddBySkuAsync(page, "KEY-B2B", 1);
        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();

        // A digital cart: the saved address fills the billing fields (no shipping address is asked).
        await page.GetByRole(AriaRole.Button, new() { Name = "Use for billing" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Billing address line 1")).ToHaveValueAsync("Hauptstraße 1");
        await Assertions.Expect(page.GetByLabel("Billing country (two letters, e.g. DE)")).ToHaveValueAsync("DE");
        await page.GetByLabel("Company (optional)").FillAsync("Acme Software GmbH");
        await page.GetByLabel("VAT ID (optional)").FillAsync("DE#1");
        await page.GetByLabel("Test payment (no money moves)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(page.Locator("#co-vatid-error")).ToHaveTextAsync("Enter the VAT ID as 4 to 20 letters and digits, e.g. DE123456789.");
        Assert.Equal(0, await CheckoutShop.OrderCountAsync(app));

        await page.GetByLabel("VAT ID (optional)").FillAsync("DE 123 456 789");
        await page.GetByLabel("Test payment (no money moves)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you for your order" })).ToBeVisibleAsync();
        var orderId = new Uri(page.Url).Query.Split("order_id=")[1].Split('&')[0];
        // The invoice exists once the payment is recorded (at once in test mode, through the outbox on PostgreSQL).
        await app.WaitUntilAsync(db => db.Set<Orderly.Orders.Order>().AnyAsync(o => o.Id == Guid.Parse(orderId) && o.PaidAt != null), "the order is paid");
        // The status steps on a phone: each marker stays inside its pill.
        await page.SetViewportSizeAsync(375, 800);
        await BrowserFixture.ScreenshotAsync(page, "checkout-thank-you-375");
        await page.SetViewportSizeAsync(1280, 1024);

        await page.GotoAsync($"/account/orders/{orderId}/invoice");
        var billTo = page.Locator(".invoice-parties");
        await Assertions.Expect(billTo).ToContainTextAsync("Acme Software GmbH");
        await Assertions.Expect(billTo).ToContainTextAsync("VAT ID DE123456789");
        await Assertions.Expect(billTo).ToContainTextAsync("Hauptstraße 1");
        await Assertions.Expect(billTo).ToContainTextAsync("10115 Berlin");
        await BrowserFixture.ScreenshotAsync(page, "checkout-billing-invoice");

        // The buyer's order page and the data export carry them too.
        await page.GotoAsync($"/account/orders/{orderId}");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("VAT ID DE123456789");
        var export = await page.APIRequest.GetAsync(baseUrl + "/account/export");
        Assert.Contains("Acme Software GmbH", await export.TextAsync(), StringComparison.Ordinal);
    }

    private static async Task AddBySkuAsync(IPage page, string sku, int quantity)
    {
        await page.GetByLabel("Product code (SKU)").FillAsync(sku);
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
    }
}
