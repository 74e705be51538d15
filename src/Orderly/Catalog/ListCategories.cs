using Orderly.Catalog.Contracts;
using Orderly.Catalog.Search;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>The category tree in display order with each category's depth (menu, admin, select boxes).</summary>
public static class ListCategories
{
    public sealed record Entry(CategoryInfo Category, int Depth);

    internal sealed class Handler(OrderlyDbContext db, ProductIndex index)
    {
        public async Task<IReadOnlyList<Entry>> HandleAsync(CancellationToken ct) =>
            (await CategoryTree.LoadAsync(db, ct)).Flatten().Select(e => new Entry(e.Category, e.Depth)).ToList();

        /// <summary>
        /// The storefront's menu: the top categories as the search index last read them (every
        /// page shows the menu, so it reads no rows; the index follows category changes at once
        /// on this instance and within its refresh interval on the others).
        /// </summary>
        public IReadOnlyList<CategoryInfo> TopLevel() => index.Categories.TopLevel();
    }
}
