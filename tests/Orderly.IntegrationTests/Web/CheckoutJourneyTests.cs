using System.Net;
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
    public async Task Hybrid_cart_requires_a_shipping_address_and_method_then_places_the_order()
    {
        await using var app = new OrderlyApp(TestMode);
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
        await page.GetByLabel("Express").CheckAsync();
        await page.GetByLabel("Test payment (no money moves)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank you for your order" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".order-lines .total")).ToHaveTextAsync("€60.00");
        await Assertions.Expect(page.Locator(".order-lines")).ToContainTextAsync("Boxed BOX-1");
        await BrowserFixture.ScreenshotAsync(page, "checkout-hybrid");
    }

    private static async Task AddBySkuAsync(IPage page, string sku, int quantity)
    {
        await page.GetByLabel("Product code (SKU)").FillAsync(sku);
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
    }
}
