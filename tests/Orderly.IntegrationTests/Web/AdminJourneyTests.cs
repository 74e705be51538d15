using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Library.Contracts;

namespace Orderly.IntegrationTests.Web;

/// <summary>The admin area in a real browser: key pools, a refund from the order page, and who may do what.</summary>
public sealed class AdminJourneyTests(BrowserFixture browser)
{
    private const string Sku = "KEY-ADMIN";
    private const string Password = "a long passphrase";

    [Fact]
    public async Task Admin_sees_low_stock_imports_keys_and_refunds_an_order_whose_code_is_then_revoked_in_the_library()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Checkout:TestMode"] = "true" });
        var baseUrl = app.StartWebServer();
        await app.AddStaffUserAsync("admin@shop.test", Password, "admin");
        (await app.CreateProductAsync(Sku, lowStockThreshold: 5)).EnsureSuccessStatusCode();
        await app.ImportKeysAsync(Sku, ["ADM-0001", "ADM-0002"]);
        var page = await browser.NewPageAsync(baseUrl);
        await SignInAsync(page, "admin@shop.test", "/admin/keys");

        // Two codes against a threshold of five: the banner names the product.
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"Product {Sku} ({Sku}): 2 left, threshold 5");
        await page.GetByLabel($"Codes for {Sku}").FillAsync("ADM-0003\nADM-0004\nADM-0005\nADM-0001\n");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Import into {Sku}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{Sku}: imported 3, duplicates 1, rejected 0.");
        await Assertions.Expect(page.Locator($"#pool-{Sku} td[data-count=available]")).ToHaveTextAsync("5");
        await BrowserFixture.ScreenshotAsync(page, "admin-key-pools");

        var orderId = await PlaceTestOrderAsync(app, "buyer@shop.test");
        await app.WaitForOrderStatusAsync(orderId, "completed");

        await page.GotoAsync($"/admin/orders/{orderId}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Completed");
        await page.GetByLabel("Reason (the buyer's e-mail shows it)").FillAsync("Bought by mistake");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refund…" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Refund everything left (€15.00) to buyer@shop.test?")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm refund" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Refund sent to the payment provider.");
        await app.WaitForOrderStatusAsync(orderId, "refunded");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Refunded");
        await Assertions.Expect(page.Locator("table.admin-audit tr", new() { HasText = "RefundRequested" })).ToContainTextAsync("admin@shop.test");
        await BrowserFixture.ScreenshotAsync(page, "admin-order-refunded");

        await page.GotoAsync("/admin");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Orders by status" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("figure", new() { HasText = "Orders by status" })).ToContainTextAsync("Refunded");
        await Assertions.Expect(page.Locator("figure", new() { HasText = "Stock against the low-stock threshold" })).ToContainTextAsync($"Product {Sku} ({Sku})");
        await BrowserFixture.ScreenshotAsync(page, "admin-dashboard");

        // The buyer's library, through the signed link the delivery e-mail carries.
        await app.WaitUntilAsync(db => db.Set<Orderly.Library.LibraryEntry>().AnyAsync(e => e.OrderId == orderId && e.RevokedAt != null), "the library entry is revoked");
        var customerId = await app.QueryAsync(db => db.Set<Orderly.Library.LibraryEntry>().Where(e => e.OrderId == orderId).Select(e => e.CustomerId).FirstAsync());
        using var scope = app.Services.CreateScope();
        var libraryUrl = new Uri(scope.ServiceProvider.GetRequiredService<ILibraryLinks>().LibraryUrl(customerId));
        var buyer = await browser.NewPageAsync(baseUrl);
        await buyer.GotoAsync(libraryUrl.PathAndQuery);
        await Assertions.Expect(buyer.GetByText($"Product {Sku}")).ToBeVisibleAsync();
        // The refunded entry is marked Revoked and no code of the order is on the page any more.
        await Assertions.Expect(buyer.GetByText("Revoked", new() { Exact = true })).ToBeVisibleAsync();
        var library = await buyer.ContentAsync();
        foreach (var code in new[] { "ADM-0001", "ADM-0002", "ADM-0003", "ADM-0004", "ADM-0005" })
        {
            Assert.DoesNotContain(code, library, StringComparison.Ordinal);
        }
        await BrowserFixture.ScreenshotAsync(buyer, "admin-refund-library");
    }

    [Fact]
    public async Task Support_cannot_refund_or_manage_users_and_visitors_are_sent_to_sign_in()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Checkout:TestMode"] = "true" });
        var baseUrl = app.StartWebServer();
        await app.AddStaffUserAsync("support@shop.test", Password, "support");
        (await app.CreateProductAsync(Sku)).EnsureSuccessStatusCode();
        await app.ImportKeysAsync(Sku, ["SUP-0001"]);
        var orderId = await PlaceTestOrderAsync(app, "buyer2@shop.test");
        await app.WaitForOrderStatusAsync(orderId, "completed");

        var visitor = await browser.NewPageAsync(baseUrl);
        await visitor.GotoAsync("/admin/orders");
        await Assertions.Expect(visitor).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));

        var page = await browser.NewPageAsync(baseUrl);
        await SignInAsync(page, "support@shop.test", $"/admin/orders/{orderId}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Completed");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resend e-mail…" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Refund…" })).ToHaveCountAsync(0);

        // A refund posted by hand (the form is not even shown) is refused by the page's handler.
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var forged = await page.APIRequest.PostAsync($"/admin/orders/{orderId}", new()
        {
            Form = FormOf(page.APIRequest, ("__RequestVerificationToken", token!), ("_handler", "refund"),
                ("RefundForm.Reason", "forged"), ("RefundForm.Confirmed", "true")),
            MaxRedirects = 0,
        });
        Assert.False(forged.Status is >= 300 and < 400 && forged.Headers.GetValueOrDefault("location", "").Contains("done=refund", StringComparison.Ordinal));
        Assert.Equal("completed", (await app.GetOrderAsync(orderId)).GetProperty("status").GetString());
        Assert.Equal(0, (await app.GetOrderAsync(orderId)).GetProperty("refunds").GetArrayLength());

        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/denied"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not allowed");
        await BrowserFixture.ScreenshotAsync(page, "admin-support-denied");
    }

    private static async Task SignInAsync(IPage page, string email, string then)
    {
        await page.GotoAsync(then);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await BrowserFixture.SubmitSignInAsync(page, email, Password);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(then) + "$"));
    }

    private static async Task<Guid> PlaceTestOrderAsync(OrderlyApp app, string email)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/checkout",
            new { email, items = new[] { new { sku = Sku, quantity = 1 } }, paymentMethod = "test" }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetGuid();
    }

    private static IFormData FormOf(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }
        return form;
    }
}
