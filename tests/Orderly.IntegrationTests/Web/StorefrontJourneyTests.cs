using System.Net.Http.Json;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Orderly.Catalog;
using Orderly.Catalog.Contracts;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Web;

/// <summary>The storefront and the product admin in a real browser, on a small demo store.</summary>
public sealed partial class StorefrontJourneyTests(BrowserFixture browser)
{
    /// <summary>A 1×1 PNG (what an admin uploads).</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private static OrderlyApp DemoStore(ErrorLog? errors = null) => new(new Dictionary<string, string?>
    {
        ["Orderly:SeedDemoData"] = "true",
        ["Orderly:DemoSize"] = "40",
    }, services: errors is null ? null : s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(errors));

    [GeneratedRegex("Sale|New|Best seller")]
    private static partial Regex AnyBadge();

    [Fact]
    public async Task Shopper_goes_from_the_home_sections_through_a_category_to_a_product_with_variants_attributes_and_pictures()
    {
        await using var app = DemoStore();
        var baseUrl = app.StartWebServer();
        var page = await browser.NewPageAsync(baseUrl);

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "On sale now" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Featured" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New arrivals" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".product-card .badge").Filter(new() { HasTextRegex = AnyBadge() }).First).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Categories" }).GetByRole(AriaRole.Link, new() { Name = "Software" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Software", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Office & productivity" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" })).ToContainTextAsync("Software");
        await page.GetByLabel("Sort by").SelectOptionAsync("price-asc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        Assert.Contains("sort=price-asc", page.Url, StringComparison.Ordinal);

        await page.GotoAsync("/products/OFFICE-00001");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("1 PC / 1 year");
        var variants = page.GetByRole(AriaRole.Navigation, new() { Name = "Variants" });
        await Assertions.Expect(variants.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);
        await variants.GetByRole(AriaRole.Link, new() { Name = "3 PCs / 1 year" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("3 PCs / 1 year");
        await Assertions.Expect(page.Locator("table.attributes")).ToContainTextAsync("Platform");
        await Assertions.Expect(page.Locator("form[action='/cart/add'] input[name=sku]")).ToHaveValueAsync("OFFICE-00002");
        await Assertions.Expect(page.Locator("form[action='/wishlist/add'] input[name=__RequestVerificationToken]")).ToHaveCountAsync(1);
        var image = page.Locator("img.main-image");
        await Assertions.Expect(image).ToBeVisibleAsync();
        Assert.True(await image.EvaluateAsync<int>("i => i.naturalWidth") > 0, "the product picture loads");

        var picture = await page.APIRequest.GetAsync(baseUrl + await image.GetAttributeAsync("src"));
        Assert.Equal(200, picture.Status);
        Assert.Equal("image/svg+xml", picture.Headers["content-type"]);
        Assert.Equal("nosniff", picture.Headers["x-content-type-options"]);
        Assert.Contains("max-age=31536000", picture.Headers["cache-control"], StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "storefront-product");
    }

    [Fact]
    public async Task A_draft_is_not_found_in_the_storefront_and_cannot_be_bought()
    {
        await using var app = DemoStore();
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/products/OFFICE-00002", ct)).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<SetProductStatus.Handler>().HandleAsync("OFFICE-00002", ProductStatus.Draft, "test", ct));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/products/OFFICE-00002", ct)).StatusCode);
        var variants = await client.GetStringAsync("/products/OFFICE-00001", ct);
        Assert.DoesNotContain("OFFICE-00002", variants, StringComparison.Ordinal);
        Assert.DoesNotContain("OFFICE-00002", await client.GetStringAsync("/api/products", ct), StringComparison.Ordinal);
        Assert.Contains("OFFICE-00002", await app.Admin().GetStringAsync("/api/admin/products", ct), StringComparison.Ordinal);
        var checkout = await app.CheckoutAsync("buyer@shop.test", ("OFFICE-00002", 1));
        Assert.Contains("checkout.product_unavailable", await checkout.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manager_creates_a_product_with_a_picture_publishes_it_and_it_appears_in_its_category()
    {
        var errors = new ErrorLog();
        await using var app = DemoStore(errors);
        var baseUrl = app.StartWebServer();
        var page = await SignedInManagerAsync(app, baseUrl);

        var editor = await page.GotoAsync("/admin/products/new");
        Assert.True(editor!.Ok, $"/admin/products/new answered {editor.Status}: {await editor.TextAsync()}\n{errors}");
        await page.GetByLabel("SKU").FillAsync("HEADSET-ZX");
        await page.GetByLabel("Kind").SelectOptionAsync("physical");
        await page.GetByLabel("Delivery").SelectOptionAsync("shipment");
        await page.GetByLabel("Key source").SelectOptionAsync("");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Studio Headset ZX");
        await page.GetByLabel("Price", new() { Exact = false }).First.FillAsync("abc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await Assertions.Expect(page.Locator(".validation-message")).ToContainTextAsync("Price must be an amount");

        await page.GetByLabel("Price", new() { Exact = false }).First.FillAsync("89.00");
        await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "\u00a0\u00a0\u00a0Audio" });
        await page.GetByLabel("Attributes").FillAsync("Colour: Black\nConnection: USB-C");
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Closed-back studio headset.\n\nComes with a 3 m cable.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Product created.");

        await page.GetByLabel("Add a picture").SetInputFilesAsync(new FilePayload { Name = "headset.png", MimeType = "image/png", Buffer = Png });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload picture" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Picture added.");
        await page.GetByLabel("Add a picture").SetInputFilesAsync(new FilePayload { Name = "evil.svg", MimeType = "image/svg+xml", Buffer = "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload picture" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("SVG is not");

        Assert.Equal(404, (await page.APIRequest.GetAsync(baseUrl + "/products/HEADSET-ZX")).Status);
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Published");

        await page.GotoAsync("/c/hardware?sort=newest");
        await page.GetByRole(AriaRole.Link, new() { Name = "Studio Headset ZX" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Studio Headset ZX");
        await Assertions.Expect(page.Locator("table.attributes")).ToContainTextAsync("USB-C");
        await Assertions.Expect(page.Locator("img.main-image")).ToHaveAttributeAsync("src", new Regex("^/media/products/"));
        await BrowserFixture.ScreenshotAsync(page, "admin-created-product-in-store");
    }

    [Fact]
    public async Task Manager_exports_the_catalog_as_csv_and_imports_it_back_with_a_change_and_a_bad_line()
    {
        await using var app = DemoStore();
        var baseUrl = app.StartWebServer();
        var page = await SignedInManagerAsync(app, baseUrl);

        var export = await page.APIRequest.GetAsync(baseUrl + "/admin/products/export.csv");
        Assert.Equal(200, export.Status);
        var csv = await export.TextAsync();
        Assert.StartsWith("sku,name,kind", csv, StringComparison.Ordinal);
        Assert.Contains("\nOFFICE-00001,", csv, StringComparison.Ordinal);
        var changed = csv.Replace("Office Suite 2024 Professional (1 PC)", "Office Suite 2024 Professional (renamed)", StringComparison.Ordinal)
            + "NEW-CSV-1,Imported Cable,physical,shipment,none,,12.50,EUR,published,Linkwell,cables,,false,,,5,Length: 2 m,Made by the import.\n"
            + "BAD-CSV-1,Broken line,physical,shipment,none,,twelve,EUR,published,,,,false,,,5,,\n";

        await page.GotoAsync("/admin/products/import");
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "products.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(changed) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 created, 40 updated, 1 rejected.");
        await Assertions.Expect(page.Locator("tr.rejected")).ToContainTextAsync("price must be an amount");
        await BrowserFixture.ScreenshotAsync(page, "admin-csv-import");

        await page.GotoAsync("/products/OFFICE-2024-PRO");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Office Suite 2024 Professional (renamed)");
        await page.GotoAsync("/products/NEW-CSV-1");
        await Assertions.Expect(page.Locator("table.attributes")).ToContainTextAsync("2 m");
        Assert.Equal(404, (await page.APIRequest.GetAsync(baseUrl + "/products/BAD-CSV-1")).Status);
    }

    [Fact]
    public async Task Shopper_reading_us_dollars_sees_them_on_variants_the_wishlist_and_the_cart()
    {
        await using var app = DemoStore();
        var baseUrl = app.StartWebServer();
        // 1 USD = 0.50 EUR: every converted amount is twice the euro price, easy to check.
        (await app.Admin().PostAsJsonAsync("/api/admin/reseller/fx-rates",
            new { currency = "USD", eurPerUnit = 0.5m, source = "ECB", asOf = new DateTime(2026, 11, 20, 16, 0, 0, DateTimeKind.Utc) },
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync("/products/OFFICE-00001");
        await page.GetByLabel("Show prices in").SelectOptionAsync("USD");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        var other = page.GetByRole(AriaRole.Navigation, new() { Name = "Variants" }).GetByRole(AriaRole.Link, new() { Name = "3 PCs / 1 year" });
        var euros = Euros(await other.Locator("span.muted").TextContentAsync());
        await Assertions.Expect(other.Locator(".converted")).ToHaveTextAsync($"≈ {Dollars(euros * 2)}");
        await other.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to wishlist" }).ClickAsync();

        await page.GotoAsync("/wishlist");
        var wish = page.Locator("li.wish", new() { HasText = "OFFICE-00002" });
        await Assertions.Expect(wish.Locator(".price")).ToContainTextAsync(EuroText(euros));
        await Assertions.Expect(wish.Locator(".converted")).ToHaveTextAsync($"≈ {Dollars(euros * 2)}");
        await Assertions.Expect(page.Locator("main .currency-note")).ToContainTextAsync("Charged in EUR.");

        await wish.Locator("button.primary").ClickAsync();
        await page.GotoAsync("/cart");
        var total = page.Locator(".cart-summary [data-total=total]");
        await Assertions.Expect(total.Locator(".converted")).ToHaveCountAsync(1);
        var charged = Euros((await total.TextContentAsync())!.Split('≈')[0]);
        await Assertions.Expect(total.Locator(".converted")).ToHaveTextAsync($"≈ {Dollars(charged * 2)}");
        await Assertions.Expect(page.Locator(".cart-summary .currency-note")).ToContainTextAsync("Charged in EUR.");
        await BrowserFixture.ScreenshotAsync(page, "store-cart-in-usd");
    }

    private static decimal Euros(string? text) =>
        decimal.Parse(text!.Trim().TrimStart('€').Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static string EuroText(decimal euros) => "€" + euros.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);

    private static string Dollars(decimal amount) => "US$ " + amount.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<IPage> SignedInManagerAsync(OrderlyApp app, string baseUrl)
    {
        await app.AddStaffUserAsync("manager@shop.test", "a long passphrase", "manager");
        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync("/account/login");
        await BrowserFixture.SubmitSignInAsync(page, "manager@shop.test", "a long passphrase");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToBeVisibleAsync();
        return page;
    }
}
