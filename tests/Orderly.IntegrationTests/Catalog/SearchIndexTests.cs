using System.Net.Http.Json;
using Orderly.Catalog.Contracts;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Catalog;

/// <summary>The search index follows the catalog: on the instance that changed it at once, on the others by polling.</summary>
public sealed class SearchIndexTests
{
    private static readonly Dictionary<string, string?> FastPoll = new() { ["Catalog:Search:RefreshInterval"] = "00:00:00.200" };

    [Fact]
    public async Task A_change_on_this_instance_is_searchable_when_its_request_ends_and_drafts_disappear()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Catalog:Search:RefreshInterval"] = "01:00:00" }); // no poll: only the signal
        var software = await SearchCatalog.AddCategoryAsync(app, "software", "Software");
        await SearchCatalog.AddCategoryAsync(app, "office-suites", "Office suites", software);

        // Created through the API: the endpoint signals the change.
        (await app.CreateProductAsync("NEW-1")).EnsureSuccessStatusCode();
        Assert.Equal("Product NEW-1", Assert.Single((await SearchCatalog.SearchAsync(app, "NEW-1")).Hits).Name);

        await SearchCatalog.AddAsync(app, "MS-OFFICE", "Microsoft Office 2024", "Microsoft", 24900, "Word and Excel.", "office-suites");
        var found = await SearchCatalog.SearchAsync(app, "microsfot offce");
        var hit = Assert.Single(found.Hits);
        Assert.Equal("MS-OFFICE", hit.Sku);
        Assert.Equal("Microsoft", hit.Brand);
        Assert.Single((await SearchCatalog.SearchAsync(app, null, ["software"])).Hits); // the parent category includes its children

        await SearchCatalog.EditAsync(app, "MS-OFFICE", p => p.Name = "Microsoft Office 2024 Home");
        Assert.Single((await SearchCatalog.SearchAsync(app, "home")).Hits);

        await SearchCatalog.EditAsync(app, "MS-OFFICE", p => p.Status = ProductStatus.Draft);
        Assert.Empty((await SearchCatalog.SearchAsync(app, "microsoft")).Hits);

        await SearchCatalog.EditAsync(app, "MS-OFFICE", p => p.Status = ProductStatus.Published);
        Assert.Single((await SearchCatalog.SearchAsync(app, "microsoft")).Hits);
    }

    [Fact]
    public async Task A_second_instance_over_the_same_database_picks_changes_up_by_polling()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var a = new OrderlyApp(FastPoll, dataDir: dataDir);
            _ = a.Services;
            await using var b = new OrderlyApp(FastPoll, dataDir: dataDir);
            _ = b.Services;

            await SearchCatalog.AddAsync(a, "GAME-1", "Starfarer Deluxe Edition", "Starfarer Studios", 5999);
            await SearchCatalog.WaitForAsync(b, "starfarer", r => r.Total == 1, "instance B finds the product A created");

            await SearchCatalog.EditAsync(a, "GAME-1", p => p.Name = "Starfarer Ultimate Edition", signal: false);
            await SearchCatalog.WaitForAsync(b, "ultimate", r => r.Total == 1, "instance B sees the rename");

            await SearchCatalog.EditAsync(a, "GAME-1", p => p.Status = ProductStatus.Draft);
            Assert.Empty((await SearchCatalog.SearchAsync(a, "starfarer")).Hits);
            await SearchCatalog.WaitForAsync(b, "starfarer", r => r.Total == 0, "instance B drops the draft");
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }

    [Fact]
    public async Task Suggest_returns_up_to_eight_products_with_their_page()
    {
        await using var app = new OrderlyApp();
        for (var i = 1; i <= 10; i++)
        {
            await SearchCatalog.AddAsync(app, $"AV-{i:D2}", $"Antivirus Plus {i}");
        }
        var client = app.CreateClient();

        var suggestions = await client.GetFromJsonAsync<List<Suggestion>>("/search/suggest?q=antivir", TestContext.Current.CancellationToken);
        var empty = await client.GetFromJsonAsync<List<Suggestion>>("/search/suggest?q=", TestContext.Current.CancellationToken);

        Assert.Equal(8, suggestions!.Count);
        Assert.All(suggestions, s => Assert.Equal($"/products/{s.Sku}", s.Url));
        Assert.StartsWith("Antivirus Plus", suggestions[0].Name, StringComparison.Ordinal);
        Assert.Empty(empty!);
    }

    private sealed record Suggestion(string Sku, string Name, string Url);
}
