using Microsoft.EntityFrameworkCore;
using Orderly.Catalog.Contracts;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>
/// Sales per category over a period, in one currency: Orders sums the lines per product (in SQL),
/// the catalog puts each product in its category, and a category's figures include every category
/// below it. Products without a category (or whose category or product is gone) are one row of their own.
/// </summary>
public static class ReportSalesByCategory
{
    /// <param name="Category">Null for the products that have no category.</param>
    /// <param name="Path">"Games › Strategy": the category below its ancestors.</param>
    public sealed record CategorySales(CategoryInfo? Category, string Path, int Depth, int Units, int RefundedUnits, long Revenue, long Refunds)
    {
        public int NetUnits => Units - RefundedUnits;

        public long Net => Revenue - Refunds;
    }

    public const string PathSeparator = " › ";

    internal sealed class Handler(OrderlyDbContext db, ISalesByProduct sales)
    {
        public async Task<IReadOnlyList<CategorySales>> HandleAsync(ReportPeriod period, string currency, CancellationToken ct)
        {
            var figures = await sales.ForPeriodAsync(period, currency, ct);
            if (figures.Count == 0)
            {
                return [];
            }
            var ids = figures.Select(f => f.ProductId).Distinct().ToList();
            var categoryOf = await db.Set<Product>().AsNoTracking().Where(p => ids.Contains(p.Id))
                .Select(p => new { p.Id, p.CategoryId }).ToDictionaryAsync(p => p.Id, p => p.CategoryId, ct);
            var tree = await CategoryTree.LoadAsync(db, ct);
            var own = figures.GroupBy(f => tree.Find(categoryOf.GetValueOrDefault(f.ProductId))?.Id)
                .ToDictionary(g => g.Key ?? Guid.Empty, g => g.ToList());

            var rows = new List<CategorySales>();
            foreach (var (category, depth) in tree.Flatten())
            {
                var lines = tree.WithDescendants(category.Id).SelectMany(id => own.GetValueOrDefault(id) ?? []).ToList();
                if (lines.Count > 0)
                {
                    rows.Add(Sum(category, string.Join(PathSeparator, tree.Breadcrumb(category.Id).Select(c => c.Name)), depth, lines));
                }
            }
            if (own.TryGetValue(Guid.Empty, out var uncategorised))
            {
                rows.Add(Sum(null, "No category", 0, uncategorised));
            }
            return rows;
        }

        private static CategorySales Sum(CategoryInfo? category, string path, int depth, List<ProductSalesFigures> lines) =>
            new(category, path, depth, lines.Sum(l => l.Units), lines.Sum(l => l.RefundedUnits), lines.Sum(l => l.Revenue), lines.Sum(l => l.Refunds));
    }
}
