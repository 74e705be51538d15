using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Web;

/// <summary>
/// The merchant dashboard in a real browser: an admin sets up a merchant, its user and its wallet;
/// the merchant creates a key, orders through the API, and follows the request, the debit and a webhook.
/// </summary>
public sealed class MerchantJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_admin_sets_up_a_merchant_who_orders_through_the_api_and_follows_it_on_the_dashboard()
    {
        await using var receiver = new WebhookReceiver(_ => 200);
        await using var app = new OrderlyApp(new Dictionary<string, string?>
        {
            ["Reseller:Webhooks:RequireHttps"] = "false",
            ["Reseller:Webhooks:AllowPrivateTargets"] = "true",
            ["Reseller:Webhooks:PollInterval"] = "00:00:00.100",
        });
        var baseUrl = app.StartWebServer();
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("MJ-KEY", price: 1500)).StatusCode);
        await app.ImportKeysAsync("MJ-KEY", ["MJ-1", "MJ-2", "MJ-3"]);
        await app.AddStaffUserAsync("admin@shop.test", "a long admin passphrase", "admin");

        // The admin: a merchant, its wallet and its user.
        var admin = await browser.NewPageAsync(baseUrl);
        await admin.GotoAsync("/account/login?returnUrl=/admin/merchants");
        await BrowserFixture.SubmitSignInAsync(admin, "admin@shop.test", "a long admin passphrase");
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Merchants", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByText("No merchants yet.")).ToBeVisibleAsync();
        await admin.GetByLabel("Name").FillAsync("Keyshop Reseller Ltd");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create merchant" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Keyshop Reseller Ltd", Level = 1 })).ToBeVisibleAsync();

        await admin.GetByLabel("Amount in EUR").FillAsync("100");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Post to the wallet" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Say why")).ToBeVisibleAsync(); // a top-up needs a reason
        await admin.GetByLabel("Reason").FillAsync("bank transfer 2026-11");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Post to the wallet" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("admin-wallet-balance")).ToHaveTextAsync("€100.00");

        await admin.GetByLabel("E-mail").FillAsync("ops@keyshop.test");
        await admin.GetByLabel("First password").FillAsync("a long merchant passphrase");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("ops@keyshop.test can now sign in")).ToBeVisibleAsync();
        await admin.GotoAsync("/admin/merchants");
        await Assertions.Expect(admin.GetByRole(AriaRole.Row, new() { Name = "Keyshop Reseller Ltd" })).ToContainTextAsync("€100.00");
        // The merchant dashboard is for merchant users only, not staff (nor buyers).
        await admin.GotoAsync("/merchant");
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();

        // The merchant: signs in through the dashboard's address and creates a key, shown once.
        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync("/merchant");
        await BrowserFixture.SubmitSignInAsync(page, "ops@keyshop.test", "a long merchant passphrase");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Keyshop Reseller Ltd", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("wallet-balance")).ToHaveTextAsync("€100.00");
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = (await page.GetByTestId("new-key").TextContentAsync())!.Trim();
        Assert.StartsWith("rk_live_", key, StringComparison.Ordinal);
        await page.GotoAsync("/merchant/keys");
        await Assertions.Expect(page.GetByTestId("new-key")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = key[..16] })).ToContainTextAsync("Active");

        // An order through the API with that key, then its request and debit on the dashboard.
        using var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var placed = await Order(api, "MJ-ORDER-1");
        var requestId = placed.GetProperty("request_id").GetGuid().ToString();
        await page.GetByRole(AriaRole.Link, new() { Name = "API requests" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = requestId })).ToContainTextAsync("201");
        await page.GetByLabel("External id").FillAsync("MJ-ORDER-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = requestId })).ToContainTextAsync(placed.GetProperty("order_id").GetGuid().ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Wallet" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("wallet-balance")).ToHaveTextAsync("€85.00");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "Order debit" })).ToContainTextAsync("−€15.00");

        // A webhook: an invalid address is a field error; the receiver's is subscribed with its secret shown once.
        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).ClickAsync();
        await page.GetByLabel("URL (https)").FillAsync("not a url");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await Assertions.Expect(page.Locator(".validation-message")).ToContainTextAsync("absolute http(s) URL");
        await page.GetByLabel("URL (https)").FillAsync(receiver.Url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("new-secret")).ToContainTextAsync("whsec_");
        await Order(api, "MJ-ORDER-2");
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (receiver.Accepted.Count == 0 && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.NotEmpty(receiver.Accepted);
        // The worker records the outcome just after the receiver answers: reload until the page shows it.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await page.GotoAsync("/merchant/webhooks");
            if (await page.GetByRole(AriaRole.Row, new() { Name = "order.paid" }).First.TextContentAsync() is { } row && row.Contains("delivered", StringComparison.Ordinal))
            {
                break;
            }
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "order.paid" }).First).ToContainTextAsync("delivered");
        await BrowserFixture.ScreenshotAsync(page, "merchant-webhooks");

        // Staff pages stay closed to the merchant.
        await page.GotoAsync("/admin/merchants");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await page.GotoAsync("/merchant");
        await BrowserFixture.ScreenshotAsync(page, "merchant-overview");
    }

    private static async Task<JsonElement> Order(HttpClient api, string externalId)
    {
        var response = await api.PostAsJsonAsync("/api/reseller/v1/orders", new Dictionary<string, object?>
        {
            ["product"] = "MJ-KEY", ["balance"] = 15m, ["quantity"] = 1, ["currency"] = "EUR",
            ["client_email"] = $"buyer-{Guid.NewGuid():N}@example.com", ["external_id"] = externalId,
        }, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement;
    }
}
