using Orderly.Catalog.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>The category tree in display order with each category's depth (menu, admin, select boxes).</summary>
public static class ListCategories
{
    public sealed record Entry(CategoryInfo Category, int Depth);

    internal sealed class Handler(OrderlyDbContext db)
    {
        public async Task<IReadOnlyList<Entry>> HandleAsync(CancellationToken ct) =>
            (await CategoryTree.LoadAsync(db, ct)).Flatten().Select(e => new Entry(e.Category, e.Depth)).ToList();
    }
}
