using System.Net.Http.Json;
using Microsoft.Playwright;
using Orderly.IntegrationTests.Infrastructure;
using static Orderly.IntegrationTests.Orders.ReportsShop;

namespace Orderly.IntegrationTests.Web;

/// <summary>A manager reads the sales reports and exports one; a shopper reads prices in US dollars.</summary>
public sealed class ReportsJourneyTests(BrowserFixture browser)
{
    private const string Sku = "KEY-REPORT";
    private const string Password = "a long passphrase";

    [Fact]
    public async Task Manager_sees_a_sold_product_in_the_reports_and_downloads_its_csv()
    {
        await using var app = new OrderlyApp();
        var baseUrl = app.StartWebServer();
        await app.AddStaffUserAsync("manager@shop.test", Password, "manager");
        (await app.CreateProductAsync(Sku, price: 2500)).EnsureSuccessStatusCode();
        await app.ImportKeysAsync(Sku, ["REP-1", "REP-2", "REP-3", "REP-4"]);
        await AddOrderAsync(app, Now(app).AddHours(-2), "EUR", false, TimeSpan.FromSeconds(45), new Line(Sku, 3, 2500, Refunded: 1));

        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync("/admin/reports");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await BrowserFixture.SubmitSignInAsync(page, "manager@shop.test", Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Reports");

        var row = page.Locator("#report-products tbody tr", new() { HasText = Sku });
        await Assertions.Expect(row).ToContainTextAsync($"Product {Sku}");
        await Assertions.Expect(row.Locator("td")).ToHaveTextAsync(["Product KEY-REPORT", "EUR", "3", "1", "€75.00", "€25.00", "€50.00"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Net sales per product (EUR)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#report-turnover tbody tr", new() { HasText = Sku }).Locator("td").Nth(1)).ToHaveTextAsync("2");
        await BrowserFixture.ScreenshotAsync(page, "admin-reports");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Download CSV of Sales by product", Exact = true }).ClickAsync());
        Assert.StartsWith("products-", download.SuggestedFilename, StringComparison.Ordinal);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken)).Split("\r\n");
        Assert.Equal(["SKU,Product,Currency,Units sold,Units refunded,Revenue,Refunds,Net", $"{Sku},Product {Sku},EUR,3,1,75.00,25.00,50.00", ""], lines);

        // A period that ends before it starts is explained next to the field, and no report is shown.
        await page.GetByLabel("From (UTC day)").FillAsync("2026-11-20");
        await page.GetByLabel("To (UTC day, included)").FillAsync("2026-11-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The start must be on or before the end.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#report-products")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Shopper_picks_us_dollars_and_sees_approximate_prices_with_the_rate()
    {
        await using var app = new OrderlyApp();
        var baseUrl = app.StartWebServer();
        (await app.CreateProductAsync(Sku, price: 1234)).EnsureSuccessStatusCode();
        var page = await browser.NewPageAsync(baseUrl);

        // No rate recorded: nothing to pick.
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByLabel("Show prices in")).ToHaveCountAsync(0);

        (await app.Admin().PostAsJsonAsync("/api/admin/reseller/fx-rates",
            new { currency = "USD", eurPerUnit = 0.92m, source = "ECB", asOf = new DateTime(2026, 11, 20, 16, 0, 0, DateTimeKind.Utc) },
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByLabel("Show prices in").Locator("option")).ToHaveTextAsync(["EUR", "USD"]); // CHF and CAD have no rate
        await page.GetByLabel("Show prices in").SelectOptionAsync("USD");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        var card = page.Locator(".product-card", new() { HasText = $"Product {Sku}" }).First;
        await Assertions.Expect(card.Locator(".price")).ToContainTextAsync("€12.34");
        await Assertions.Expect(card.Locator(".converted")).ToHaveTextAsync("≈ US$ 13.41");
        await Assertions.Expect(page.Locator(".site-footer")).ToContainTextAsync("Charged in EUR. Rate 1 USD = 0.92 EUR as of 20 Nov 2026 (ECB).");

        await card.Locator("a.product-link").ClickAsync();
        await Assertions.Expect(page.Locator(".buy-box .converted, .price.large .converted").First).ToHaveTextAsync("≈ US$ 13.41");
        await Assertions.Expect(page.Locator("main .currency-note")).ToHaveTextAsync("Charged in EUR. Rate 1 USD = 0.92 EUR as of 20 Nov 2026 (ECB).");
        await BrowserFixture.ScreenshotAsync(page, "store-prices-in-usd");

        // A currency without a rate is not taken, and a post without the antiforgery token is refused.
        var token = await page.Locator("form.currency-picker input[name=__RequestVerificationToken]").GetAttributeAsync("value");
        var unrated = await PostFormAsync(page, "/store/currency", $"__RequestVerificationToken={Uri.EscapeDataString(token!)}&currency=CHF");
        Assert.Equal(302, unrated.Status);
        var forged = await PostFormAsync(page, "/store/currency", "currency=EUR");
        Assert.Equal(400, forged.Status);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".price.large .converted")).ToHaveTextAsync("≈ US$ 13.41");

        // Back to euros: the prices are shown as charged again.
        await page.GetByLabel("Show prices in").SelectOptionAsync("EUR");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(page.Locator(".converted")).ToHaveCountAsync(0);
    }

    private static Task<IAPIResponse> PostFormAsync(IPage page, string url, string body) =>
        page.APIRequest.PostAsync(url, new()
        {
            Data = body,
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
            MaxRedirects = 0,
        });
}
