using Microsoft.Extensions.DependencyInjection;
using Orderly.Catalog;
using Orderly.Catalog.Contracts;
using Orderly.Inventory.Contracts;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Catalog;

/// <summary>
/// The category page reads the search index and the home page keeps its lists for a while: a
/// catalog change still shows on the next page (at once on the instance that made it, by polling
/// on the others), and stock states are read for every page.
/// </summary>
public sealed class StorefrontReadsTests
{
    private static async Task<BrowseCategory.Result?> BrowseAsync(OrderlyApp app, BrowseCategory.Query query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BrowseCategory.Handler>().HandleAsync(query, CancellationToken.None);
    }

    private static async Task<ListHomeSections.Sections> HomeAsync(OrderlyApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ListHomeSections.Handler>().HandleAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_category_page_lists_its_and_its_subcategories_products_filtered_sorted_and_follows_each_change()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Catalog:Search:RefreshInterval"] = "01:00:00" }); // only the signal
        var games = await SearchCatalog.AddCategoryAsync(app, "games", "Games");
        await SearchCatalog.AddCategoryAsync(app, "strategy", "Strategy", games);
        await app.Services.GetRequiredService<ICatalogChanges>().ProductsChangedAsync([], CancellationToken.None); // the tree changed
        await SearchCatalog.AddAsync(app, "G-1", "Castle Siege", "Ironworks", 2999, categorySlug: "games");
        await SearchCatalog.AddAsync(app, "G-2", "Empire Builder", "Northwind", 4999, categorySlug: "strategy");
        await SearchCatalog.AddAsync(app, "G-3", "Star Trader", "Ironworks", 999, categorySlug: "strategy");
        await SearchCatalog.AddAsync(app, "OTHER", "Office Tool", "Northwind", 100);

        var page = (await BrowseAsync(app, new BrowseCategory.Query("games", Sort: "price-asc")))!;
        Assert.Equal(["G-3", "G-1", "G-2"], page.Products.Select(p => p.Sku));
        Assert.Equal(3, page.Total);
        Assert.Equal(["Ironworks", "Northwind"], page.Brands);
        Assert.Equal(["Strategy"], page.Subcategories.Select(c => c.Name));
        Assert.Equal(["Games", "Strategy"], (await BrowseAsync(app, new BrowseCategory.Query("strategy")))!.Breadcrumb.Select(c => c.Name));
        Assert.Equal(["G-3", "G-1"], (await BrowseAsync(app, new BrowseCategory.Query("games", Brand: "Ironworks", Sort: "price-asc")))!.Products.Select(p => p.Sku));
        Assert.Equal(["G-1"], (await BrowseAsync(app, new BrowseCategory.Query("games", MinPrice: 1000, MaxPrice: 3000)))!.Products.Select(p => p.Sku));
        Assert.Null(await BrowseAsync(app, new BrowseCategory.Query("no-such-category")));

        // Featured first by default; a price change and an unpublished product show on the next page.
        await SearchCatalog.EditAsync(app, "G-2", p => p.Featured = true);
        Assert.Equal("G-2", (await BrowseAsync(app, new BrowseCategory.Query("games")))!.Products[0].Sku);
        await SearchCatalog.EditAsync(app, "G-3", p => p.PriceAmount = 9999);
        Assert.Equal(["G-1", "G-2", "G-3"], (await BrowseAsync(app, new BrowseCategory.Query("games", Sort: "price-asc")))!.Products.Select(p => p.Sku));
        await SearchCatalog.EditAsync(app, "G-1", p => p.Status = ProductStatus.Draft);
        Assert.Equal(["G-2", "G-3"], (await BrowseAsync(app, new BrowseCategory.Query("games", Sort: "price-asc")))!.Products.Select(p => p.Sku));
    }

    [Fact]
    public async Task The_home_page_shows_a_change_at_once_here_and_by_polling_on_another_instance_and_its_stock_states_are_always_current()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Catalog:Search:RefreshInterval"] = "00:00:00.200", ["Catalog:HomeSectionsCacheTtl"] = "01:00:00" };
        try
        {
            await using var a = new OrderlyApp(settings, dataDir: dataDir);
            _ = a.Services;
            await using var b = new OrderlyApp(settings, dataDir: dataDir);
            _ = b.Services;
            await SearchCatalog.AddAsync(a, "HOME-1", "Garden Planner");
            Assert.Contains("HOME-1", (await HomeAsync(a)).NewArrivals.Select(p => p.Sku));
            await WaitForHomeAsync(b, s => s.NewArrivals.Any(p => p.Sku == "HOME-1"), "instance B lists the new product");

            // Both instances now hold their home sections for an hour; a change still shows.
            await SearchCatalog.EditAsync(a, "HOME-1", p => p.Featured = true);
            Assert.Contains("HOME-1", (await HomeAsync(a)).Featured.Select(p => p.Sku));
            await WaitForHomeAsync(b, s => s.Featured.Any(p => p.Sku == "HOME-1"), "instance B features the product");

            // Stock is not part of the cached lists: keys arriving make the card available without any catalog change.
            (await a.CreateProductAsync("HOME-2")).EnsureSuccessStatusCode(); // a key pool, empty
            Assert.Equal(StockState.OutOfStock, (await HomeAsync(a)).NewArrivals.Single(p => p.Sku == "HOME-2").Stock);
            await WaitForHomeAsync(b, s => s.NewArrivals.Any(p => p.Sku == "HOME-2"), "instance B lists the second product");
            await a.ImportKeysAsync("HOME-2", Enumerable.Range(0, 50).Select(i => $"HOME2-KEY-{i:D4}"));
            Assert.NotEqual(StockState.OutOfStock, (await HomeAsync(a)).NewArrivals.Single(p => p.Sku == "HOME-2").Stock);
            Assert.NotEqual(StockState.OutOfStock, (await HomeAsync(b)).NewArrivals.Single(p => p.Sku == "HOME-2").Stock);

            await SearchCatalog.EditAsync(a, "HOME-1", p => p.Status = ProductStatus.Draft);
            Assert.DoesNotContain("HOME-1", (await HomeAsync(a)).NewArrivals.Select(p => p.Sku));
            await WaitForHomeAsync(b, s => s.NewArrivals.All(p => p.Sku != "HOME-1"), "instance B drops the unpublished product");
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }

    private static async Task WaitForHomeAsync(OrderlyApp app, Func<ListHomeSections.Sections, bool> expected, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(15);
        while (!expected(await HomeAsync(app)))
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }
            await Task.Delay(50);
        }
    }
}
