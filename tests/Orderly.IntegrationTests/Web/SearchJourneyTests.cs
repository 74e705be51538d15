using Microsoft.Playwright;
using Orderly.IntegrationTests.Catalog;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Web;

/// <summary>A shopper searches: typos forgiven, facets narrow the results, the autocomplete opens a product.</summary>
public sealed class SearchJourneyTests(BrowserFixture browser)
{
    private static async Task<(OrderlyApp App, IPage Page)> ShopAsync(BrowserFixture browser)
    {
        var app = new OrderlyApp();
        var baseUrl = app.StartWebServer();
        var software = await SearchCatalog.AddCategoryAsync(app, "software", "Software");
        await SearchCatalog.AddCategoryAsync(app, "office", "Office", software);
        await SearchCatalog.AddCategoryAsync(app, "games", "Games");
        await SearchCatalog.AddAsync(app, "OFFICE-PRO", "Microsoft Office 2024 Professional", "Microsoft", 24900, "Word, Excel and PowerPoint for one PC.", "office");
        await SearchCatalog.AddAsync(app, "OFFICE-HOME", "Microsoft Office 2024 Home", "Microsoft", 14900, "Word and Excel.", "office");
        await SearchCatalog.AddAsync(app, "LIBRE-BOX", "Libre Writer Box", "Libre", 1500, "An office suite for everyone.", "office");
        await SearchCatalog.AddAsync(app, "GAME-DELUXE", "Starfarer Deluxe Edition", "Starfarer Studios", 5999, "Fly between the stars.", "games");
        return (app, await browser.NewPageAsync(baseUrl));
    }

    [Fact]
    public async Task Search_with_a_typo_finds_the_product()
    {
        var (app, page) = await ShopAsync(browser);
        await using var _ = app;

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Search products" }).FillAsync("microsfot offce");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Results for “microsfot offce”");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("2 products");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Microsoft Office 2024 Professional" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Libre Writer Box" })).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "search-typo");
    }

    [Fact]
    public async Task Facets_narrow_the_results_and_an_active_filter_can_be_removed()
    {
        var (app, page) = await ShopAsync(browser);
        await using var _ = app;

        await page.GotoAsync("/search");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("All products");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("4 products");

        // The category facet counts its children; checking a box applies it (search.js submits the form).
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Software (3)" }).CheckAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("3 products");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Microsoft (2)" }).CheckAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("2 products");
        Assert.Contains("brand=Microsoft", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("Sort by").SelectOptionAsync("price-asc");
        await Assertions.Expect(page.Locator(".product-card h3").First).ToHaveTextAsync("Microsoft Office 2024 Home");

        // The price band narrows further; the chips remove one filter each.
        await page.GetByRole(AriaRole.Link, new() { Name = "€100.00 – €250.00" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("2 products");
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove filter brand Microsoft" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("2 products");
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove price filter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("3 products");
        await BrowserFixture.ScreenshotAsync(page, "search-facets");
    }

    [Fact]
    public async Task Autocomplete_shows_a_suggestion_and_enter_opens_it()
    {
        var (app, page) = await ShopAsync(browser);
        await using var _ = app;

        await page.GotoAsync("/");
        var box = page.GetByRole(AriaRole.Combobox, new() { Name = "Search products" });
        await box.PressSequentiallyAsync("starf", new() { Delay = 40 });

        var option = page.GetByRole(AriaRole.Option, new() { Name = "Starfarer Deluxe Edition" });
        await Assertions.Expect(option).ToBeVisibleAsync();
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        await BrowserFixture.ScreenshotAsync(page, "search-autocomplete");

        await box.PressAsync("ArrowDown");
        await Assertions.Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        await box.PressAsync("Enter");
        await page.WaitForURLAsync("**/products/GAME-DELUXE");

        // Escape closes the list without leaving the page.
        await page.GotoAsync("/");
        await box.PressSequentiallyAsync("micro", new() { Delay = 40 });
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToBeVisibleAsync();
        await box.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToBeHiddenAsync();
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
    }
}
