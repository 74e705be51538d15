using System.Diagnostics;
using Lucene.Net.Search;
using Orderly.Catalog.Contracts;
using Orderly.Catalog.Search;

namespace Orderly.UnitTests.Catalog;

/// <summary>The search's query rules and the index (in memory, no database).</summary>
public sealed class ProductSearchTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly CategoryInfo Software = new(Guid.NewGuid(), "software", "Software", null, 0);
    private static readonly CategoryInfo Office = new(Guid.NewGuid(), "office", "Office", Software.Id, 0);
    private static readonly CategoryInfo Security = new(Guid.NewGuid(), "security", "Security", Software.Id, 1);
    private static readonly CategoryInfo Games = new(Guid.NewGuid(), "games", "Games", null, 1);
    private static readonly CategoryTree Tree = new([Software, Office, Security, Games]);

    private readonly ProductIndex _index = new();

    public void Dispose() => _index.Dispose();

    private static IndexedProduct Product(string sku, string name, long price, CategoryInfo? category = null, string? brand = null,
        string? description = null, int ageDays = 0, long? compareAt = null, params (string, string)[] attributes)
    {
        var path = Tree.PathOf(category?.Id);
        return new IndexedProduct(Guid.NewGuid(), sku, name, description, brand, path.Select(c => c.Id).ToList(), path.Select(c => c.Name).ToList(),
            attributes.Select(a => KeyValuePair.Create(a.Item1, a.Item2)).ToList(), price, "EUR", compareAt, null,
            Start.AddDays(-ageDays), Start);
    }

    private readonly IndexedProduct _officePro = Product("OFFICE-2024-PRO", "Microsoft Office 2024 Professional", 24900, Office, "Microsoft", "Word, Excel and PowerPoint for one PC.", ageDays: 10);
    private readonly IndexedProduct _officeHome = Product("OFFICE-2024-HOME", "Microsoft Office 2024 Home", 14900, Office, "Microsoft", ageDays: 5);
    private readonly IndexedProduct _libre = Product("LIBRE-BOX", "Libre Writer Box", 1500, Office, "Libre", "An office suite for everyone.", ageDays: 1, attributes: ("Platform", "Linux"));
    private readonly IndexedProduct _antivirus = Product("AV-1Y", "Antivirus Total Security", 1999, Security, "Shieldsoft", ageDays: 30, compareAt: 2999);
    private readonly IndexedProduct _game = Product("GAME-DELUXE", "Starfarer Deluxe Edition", 5999, Games, "Starfarer Studios", "Fly between stars. Includes office wallpaper.", ageDays: 2);

    private void IndexAll() => _index.Replace([_officePro, _officeHome, _libre, _antivirus, _game], Tree);

    private ProductSearchResult Search(string? q, ProductSort sort = ProductSort.Relevance, string[]? brands = null, string[]? categories = null,
        long? min = null, long? max = null, int page = 1, int pageSize = 24) =>
        _index.Search(new ProductSearchRequest(q, brands, categories, min, max, sort, page, pageSize));

    private static List<string> Skus(ProductSearchResult result) => result.Hits.Select(h => h.Sku).ToList();

    [Theory]
    [InlineData("pc", 0)]
    [InlineData("key", 1)]
    [InlineData("offce", 1)]
    [InlineData("office", 2)]
    [InlineData("microsfot", 2)]
    [InlineData("2024", 0)]
    [InlineData("win11", 0)]
    public void Typos_allowed_grow_with_the_word_and_numbers_must_be_exact(string term, int edits) =>
        Assert.Equal(edits, ProductQuery.MaxEdits(term));

    [Fact]
    public void Words_are_lower_cased_folded_deduplicated_and_capped()
    {
        using var analyzer = ProductQuery.CreateAnalyzer();

        Assert.Equal(["cafe", "creme", "office"], ProductQuery.Terms(analyzer, "  Café CRÈME office Office "));
        Assert.Empty(ProductQuery.Terms(analyzer, "  "));
        Assert.Equal(ProductQuery.MaxTerms, ProductQuery.Terms(analyzer, string.Join(' ', Enumerable.Range(0, 20).Select(i => $"w{i}"))).Count);
    }

    [Fact]
    public void A_query_requires_every_word_and_each_word_may_match_exactly_by_prefix_or_with_typos()
    {
        var query = (BooleanQuery)ProductQuery.Build(["offce", "pc"], "offce pc");

        var words = (BooleanQuery)query.Clauses[0].Query;
        Assert.All(words.Clauses, c => Assert.Equal(Occur.MUST, c.Occur));
        var offce = ((DisjunctionMaxQuery)words.Clauses[0].Query).Disjuncts;
        Assert.Contains(offce, q => q is FuzzyQuery { MaxEdits: 1, Field: ProductQuery.Name });
        Assert.Contains(offce, q => q is PrefixQuery p && p.Prefix.Field == ProductQuery.Name);
        Assert.DoesNotContain(offce, q => q is FuzzyQuery f && f.Field == ProductQuery.Sku);
        Assert.DoesNotContain(((DisjunctionMaxQuery)words.Clauses[1].Query).Disjuncts, q => q is FuzzyQuery);
        var wholeSku = Assert.IsType<TermQuery>(query.Clauses[1].Query);
        Assert.Equal(Occur.SHOULD, query.Clauses[1].Occur);
        Assert.Equal("offce pc", wholeSku.Term.Text);

        var relaxed = (BooleanQuery)((BooleanQuery)ProductQuery.Build(["a", "b"], null, matchAll: false)).Clauses[0].Query;
        Assert.All(relaxed.Clauses, c => Assert.Equal(Occur.SHOULD, c.Occur));
        Assert.IsType<MatchAllDocsQuery>(ProductQuery.Build([], ""));
    }

    [Fact]
    public void Misspelt_words_find_the_product()
    {
        IndexAll();

        var result = Search("microsfot offce");

        Assert.Equal(["OFFICE-2024-HOME", "OFFICE-2024-PRO"], Skus(result).Order());
        Assert.Contains("GAME-DELUXE", Skus(Search("starfrer")));
        Assert.Equal("AV-1Y", Skus(Search("antivirsu")).First());
    }

    [Fact]
    public void A_name_match_ranks_above_a_description_match_and_a_pasted_sku_comes_first()
    {
        IndexAll();

        var office = Skus(Search("office"));
        Assert.Equal("GAME-DELUXE", office.Last()); // "office" only in its description
        Assert.Equal("OFFICE-2024-HOME", Skus(Search("OFFICE-2024-HOME")).First());
        Assert.Equal("LIBRE-BOX", Skus(Search("linux")).Single()); // attributes are searchable
        Assert.Equal(["OFFICE-2024-HOME", "OFFICE-2024-PRO"], Skus(Search("micro")).Order()); // a word being typed
    }

    [Fact]
    public void An_empty_query_lists_everything_newest_first_and_sorts_and_pages()
    {
        IndexAll();

        Assert.Equal(["LIBRE-BOX", "GAME-DELUXE", "OFFICE-2024-HOME", "OFFICE-2024-PRO", "AV-1Y"], Skus(Search(null)));
        Assert.Equal(["LIBRE-BOX", "AV-1Y", "GAME-DELUXE", "OFFICE-2024-HOME", "OFFICE-2024-PRO"], Skus(Search("", ProductSort.PriceAscending)));
        Assert.Equal("OFFICE-2024-PRO", Skus(Search("", ProductSort.PriceDescending)).First());
        Assert.Equal(["AV-1Y", "LIBRE-BOX", "OFFICE-2024-HOME", "OFFICE-2024-PRO", "GAME-DELUXE"], Skus(Search("", ProductSort.Name)));

        var second = Search("", ProductSort.PriceAscending, page: 2, pageSize: 2);
        Assert.Equal(5, second.Total);
        Assert.Equal(3, second.PageCount);
        Assert.Equal(["GAME-DELUXE", "OFFICE-2024-HOME"], Skus(second));
        Assert.Empty(Search("", page: 9).Hits);
    }

    [Fact]
    public void Filters_narrow_and_each_facet_counts_with_the_other_filters()
    {
        IndexAll();

        var software = Search("", categories: ["software"]);
        Assert.Equal(4, software.Total); // Office and Security are under Software
        Assert.Contains(software.Categories, c => c is { Slug: "software", Count: 4, Selected: true, Depth: 0 });
        Assert.Contains(software.Categories, c => c is { Slug: "office", Count: 3, Depth: 1 });
        Assert.Contains(software.Categories, c => c is { Slug: "games", Count: 1 }); // other categories still offered

        var microsoft = Search("", brands: ["Microsoft"], categories: ["software"]);
        Assert.Equal(2, microsoft.Total);
        Assert.Contains(microsoft.Brands, b => b is { Value: "Microsoft", Count: 2, Selected: true });
        Assert.Contains(microsoft.Brands, b => b is { Value: "Libre", Count: 1, Selected: false });
        Assert.DoesNotContain(microsoft.Brands, b => b.Value == "Starfarer Studios"); // not under Software
        Assert.Contains(microsoft.Categories, c => c is { Slug: "office", Count: 2 });

        var cheap = Search("", min: 1000, max: 2500);
        Assert.Equal(["AV-1Y", "LIBRE-BOX"], Skus(cheap).Order());
        Assert.Contains(cheap.PriceRanges, r => r is { Min: 1000, Max: 2500, Count: 2 });
        Assert.Contains(cheap.PriceRanges, r => r is { Min: 10000, Max: 25000, Count: 2 }); // the price facet ignores the price filter
        Assert.Empty(Search("", brands: ["Nobody"]).Hits);
        Assert.Equal(5, Search("", categories: ["no-such-category"]).Total);
    }

    [Fact]
    public void Hits_carry_the_card_fields()
    {
        IndexAll();

        var hit = Search("antivirus").Hits.Single();

        Assert.Equal(_antivirus.Id, hit.Id);
        Assert.Equal("Antivirus Total Security", hit.Name);
        Assert.Equal("Shieldsoft", hit.Brand);
        Assert.Equal(new Orderly.Hosting.Money(1999, "EUR"), hit.Price);
        Assert.Equal(new Orderly.Hosting.Money(2999, "EUR"), hit.CompareAtPrice);
        Assert.Equal(_antivirus.CreatedAt, hit.CreatedAt);
    }

    [Fact]
    public void Changes_replace_documents_and_removed_products_disappear()
    {
        IndexAll();

        _index.Apply([_libre with { Name = "Libre Office Max" }], [_game.Id]);

        Assert.Equal(4, Search("").Total);
        Assert.Empty(Search("starfarer").Hits);
        Assert.Equal("Libre Office Max", Search("max").Hits.Single().Name);
        Assert.Empty(Search("writer").Hits);
    }

    /// <summary>
    /// Each searcher keeps its columns, brand and category numbers and the cards it has shown; an
    /// index change must bring all of them up to date (a replaced product's old document stays in
    /// its segment, deleted, until a merge).
    /// </summary>
    [Fact]
    public void Cached_cards_columns_and_counts_follow_every_index_change()
    {
        IndexAll();
        Assert.Equal("Libre Writer Box", Search("", categories: ["office"], sort: ProductSort.Newest).Hits[0].Name); // cards now cached

        _index.Apply([_libre with { Name = "Libre Writer Box 2", Price = 99_00, Brand = "Freeware", CategoryIds = [Games.Id], CategoryNames = ["Games"] }], [_officeHome.Id]);

        var office = Search("", categories: ["office"], sort: ProductSort.Newest);
        Assert.Equal(["OFFICE-2024-PRO"], Skus(office));
        Assert.Equal([new FacetCount("Microsoft", "Microsoft", 1, false)], office.Brands);
        var games = Search("", categories: ["games"], sort: ProductSort.PriceAscending);
        Assert.Equal(["GAME-DELUXE", "LIBRE-BOX"], Skus(games));
        var libre = games.Hits[1];
        Assert.Equal(("Libre Writer Box 2", "Freeware", 99_00L), (libre.Name, libre.Brand, libre.Price.Amount));
        Assert.Contains(games.Brands, b => b is { Value: "Freeware", Count: 1 });
        Assert.Contains(Search("").Categories, c => c is { Slug: "software", Count: 2 });
        Assert.Contains(Search("", brands: ["Freeware"]).PriceRanges, r => r is { Min: 5000, Count: 1 });

        _index.Replace([_officeHome], Tree);

        Assert.Equal(["OFFICE-2024-HOME"], Skus(Search("", categories: ["office"])));
        Assert.Equal([new FacetCount("Microsoft", "Microsoft", 1, false)], Search("").Brands);
    }

    [Fact]
    public void When_no_product_has_every_word_those_with_some_are_shown_and_flagged()
    {
        IndexAll();

        var result = Search("antivirus starfarer");

        Assert.True(result.MatchedAnyWord);
        Assert.Equal(["AV-1Y", "GAME-DELUXE"], Skus(result).Order());
        Assert.False(Search("antivirus").MatchedAnyWord);
        Assert.Empty(Search("zzzzzzzz").Hits);
    }

    [Fact]
    public void Suggestions_complete_the_word_being_typed()
    {
        IndexAll();

        var suggestions = _index.Suggest("microsoft off", 8);

        Assert.Equal(["OFFICE-2024-HOME", "OFFICE-2024-PRO"], suggestions.Select(s => s.Sku).Order());
        Assert.Single(_index.Suggest("office", 1));
        Assert.Empty(_index.Suggest(" ", 8));
    }

    [Fact]
    public async Task Searches_run_while_the_index_changes()
    {
        IndexAll();

        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                _index.Apply([_libre with { Name = $"Libre Writer Box {i}" }], []);
            }
        }, TestContext.Current.CancellationToken);
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.Equal(5, Search("").Total);
            }
        }, TestContext.Current.CancellationToken)).ToArray();

        await Task.WhenAll([writer, .. readers]);
        Assert.Equal("Libre Writer Box 49", Search("libre").Hits.Single().Name);
    }

    /// <summary>
    /// The storefront's size target: 10,000 products. Checks the answers at that size and writes
    /// the query times to the test output (no time limit: the machine is shared).
    /// </summary>
    [Fact]
    public void At_ten_thousand_products_typos_facets_and_sorting_still_answer()
    {
        string[] words = ["Office", "Antivirus", "Backup", "Studio", "Photo", "Video", "Cloud", "Secure", "Game", "Music", "Design", "Pro"];
        string[] brands = ["Microsoft", "Adobe", "Corel", "Kaspersky", "Norton", "Avast", "Ubisoft", "Valve", "Bitdefender", "Acronis"];
        CategoryInfo[] categories = [Office, Security, Games];
        var products = Enumerable.Range(0, 10_000).Select(i => Product(
            $"SKU-{i:D5}", $"{words[i % words.Length]} {words[(i / 7) % words.Length]} {2000 + (i % 30)} Edition {i}", 500 + (i * 37 % 50_000),
            categories[i % categories.Length], brands[i % brands.Length], $"Product number {i}: {words[(i / 3) % words.Length]} for everyone.", ageDays: i % 400)).ToList();
        _index.Replace(products, Tree);

        (string? Q, ProductSearchRequest Request)[] queries =
        [
            ("", new ProductSearchRequest(null)),
            ("microsfot offce", new ProductSearchRequest("microsfot offce")),
            ("antivirus, brand + price", new ProductSearchRequest("antivirus", ["Norton", "Avast"], null, 1000, 20000, ProductSort.PriceAscending)),
            ("studio in software", new ProductSearchRequest("studio", null, ["software"], Sort: ProductSort.Name, Page: 3)),
            ("photo vidoe 2015", new ProductSearchRequest("photo vidoe 2015", Sort: ProductSort.Newest)),
        ];
        foreach (var (_, request) in queries)
        {
            _index.Search(request); // warm-up: JIT and the first searcher
        }
        // Wall time on a shared, busy machine mostly measures the neighbours; this thread's CPU
        // time (Linux: /proc/thread-self/stat, 10 ms ticks, so averaged over many runs) is the cost.
        const int runs = 100;
        var report = new List<string>();
        foreach (var (name, request) in queries)
        {
            var times = new List<double>();
            ProductSearchResult result = null!;
            var cpuBefore = ThreadCpuMilliseconds();
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                result = _index.Search(request);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            var cpuPerQuery = (ThreadCpuMilliseconds() - cpuBefore) / runs;
            times.Sort();
            report.Add($"{name}: {result.Total} hits, wall p50 {times[runs / 2]:0.00} ms, p95 {times[runs * 95 / 100]:0.00} ms, CPU {cpuPerQuery:0.00} ms/query");
        }
        TestContext.Current.TestOutputHelper?.WriteLine("Search at 10,000 products:\n" + string.Join('\n', report));

        Assert.Equal(10_000, _index.Search(new ProductSearchRequest(null)).Total);
        var typo = _index.Search(new ProductSearchRequest("microsfot offce"));
        Assert.True(typo.Total > 0);
        Assert.All(typo.Hits, h => Assert.Equal("Microsoft", h.Brand));
        var filtered = _index.Search(queries[2].Request);
        Assert.All(filtered.Hits, h => Assert.True(h.Brand is "Norton" or "Avast" && h.Price.Amount is >= 1000 and <= 20000));
        Assert.Equal(filtered.Hits.Select(h => h.Price.Amount).Order(), filtered.Hits.Select(h => h.Price.Amount));
    }

    private static double ThreadCpuMilliseconds()
    {
        if (!File.Exists("/proc/thread-self/stat"))
        {
            return double.NaN;
        }
        // Fields after the ")" that ends the command name: state is 3, utime 14, stime 15 (1-based).
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) * 10.0;
    }
}
