using Orderly.Catalog.Contracts;
using Orderly.Web.Store;

namespace Orderly.UnitTests.Catalog;

/// <summary>The /search address: parsing prices, and the links that change one part of a search.</summary>
public sealed class SearchStateTests
{
    private static readonly SearchState State = new("microsoft office", ["Microsoft", "A&B"], ["software"], "10", "49.99", "price-asc", 3);

    [Theory]
    [InlineData("19.99", 1999L, true)]
    [InlineData(" 20 ", 2000L, true)]
    [InlineData("", null, true)]
    [InlineData("abc", null, false)]
    [InlineData("-5", null, false)]
    [InlineData("1e3", null, false)]
    public void Prices_are_typed_in_major_units(string text, long? minor, bool valid)
    {
        Assert.Equal(minor, SearchState.ParsePrice(text, out var ok));
        Assert.Equal(valid, ok);
    }

    [Fact]
    public void The_request_carries_every_part_of_the_address()
    {
        var request = State.ToRequest();

        Assert.Equal(new ProductSearchRequest("microsoft office", State.Brands, State.Categories, 1000, 4999, ProductSort.PriceAscending, 3), request);
        Assert.Equal(ProductSort.Relevance, (State with { Sort = "nonsense" }).SortOrder);
    }

    [Fact]
    public void Links_remove_one_filter_and_go_back_to_the_first_page()
    {
        Assert.Equal("/search?q=microsoft%20office&brand=Microsoft&brand=A%26B&category=software&min=10&max=49.99&sort=price-asc&page=3", State.ToUrl());
        Assert.Equal("/search?q=microsoft%20office&brand=A%26B&category=software&min=10&max=49.99&sort=price-asc", State.WithoutBrand("Microsoft"));
        Assert.Equal("/search?q=microsoft%20office&brand=Microsoft&brand=A%26B&min=10&max=49.99&sort=price-asc", State.WithoutCategory("software"));
        Assert.Equal("/search?q=microsoft%20office&brand=Microsoft&brand=A%26B&category=software&sort=price-asc", State.WithoutPrice());
        Assert.Equal("/search?brand=Microsoft&brand=A%26B&category=software&min=10&max=49.99&sort=price-asc", State.WithoutQuery());
        Assert.Equal("/search?q=microsoft%20office&brand=Microsoft&brand=A%26B&category=software&min=10&max=49.99&sort=price-asc&page=4", State.OnPage(4));
        Assert.Equal("/search", new SearchState(null, [], [], null, null, "relevance", 1).ToUrl());
    }

    [Fact]
    public void A_price_band_link_sets_an_inclusive_range()
    {
        var empty = new SearchState(null, [], [], null, null, null, 2);

        Assert.Equal("/search?min=10&max=24.99", empty.InPriceBand(new PriceRangeFacet(1000, 2500, 3)));
        Assert.Equal("/search?max=9.99", empty.InPriceBand(new PriceRangeFacet(0, 1000, 3)));
        Assert.Equal("/search?min=250", empty.InPriceBand(new PriceRangeFacet(25000, null, 1)));
    }

    [Fact]
    public void The_category_tree_lists_parents_before_children_and_walks_paths()
    {
        var root = new CategoryInfo(Guid.NewGuid(), "software", "Software", null, 1);
        var child = new CategoryInfo(Guid.NewGuid(), "office", "Office", root.Id, 0);
        var first = new CategoryInfo(Guid.NewGuid(), "games", "Games", null, 0);
        var tree = new Orderly.Catalog.Search.CategoryTree([child, root, first]);

        Assert.Equal(["games", "software", "office"], tree.InOrder.Select(c => c.Category.Slug));
        Assert.Equal([0, 0, 1], tree.InOrder.Select(c => c.Depth));
        Assert.Equal(["Software", "Office"], tree.PathOf(child.Id).Select(c => c.Name));
        Assert.Empty(tree.PathOf(null));
        Assert.Same(root, tree.FindBySlug("SOFTWARE"));
        Assert.NotEqual(tree.Signature, new Orderly.Catalog.Search.CategoryTree([child, root with { Name = "Apps" }, first]).Signature);
    }
}
