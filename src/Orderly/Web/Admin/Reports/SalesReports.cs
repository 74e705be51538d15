using Orderly.Catalog;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Inventory;
using Orderly.Orders;
using Orderly.Orders.Contracts;
using Orderly.Reseller.Contracts;

namespace Orderly.Web.Admin.Reports;

/// <summary>
/// The reports page's sections, read from the modules (Orders sums sales, Catalog rolls them up by
/// category, Inventory turns them into stock cover) and shaped as tables for the page and the CSV exports.
/// </summary>
internal sealed class SalesReports(ISalesByProduct sales, ReportSalesByCategory.Handler categories, ReportStockTurnover.Handler turnover,
    ReportFulfillmentTimes.Handler fulfillment, IProductCatalog catalog, TimeProvider time)
{
    /// <summary>The section kinds, as in <c>/admin/reports/{kind}.csv</c>.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["products", "categories", "best-sellers", "turnover", "fulfillment"];

    public const int BestSellers = 10;

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>Sales by product in the filter's currency, and the currencies that sold in the period (to choose from).</summary>
    public sealed record ProductSales(string Currency, IReadOnlyList<string> Currencies, IReadOnlyList<ProductSalesFigures> Rows);

    /// <param name="Name">From the catalog; the SKU when the product is gone.</param>
    public sealed record TurnoverRow(string Name, ReportStockTurnover.Turnover Figures);

    public async Task<ProductSales> ProductsAsync(ReportFilter filter, CancellationToken ct)
    {
        var all = await sales.ForPeriodAsync(filter.Period, null, ct);
        var currencies = all.GroupBy(r => r.Currency).OrderByDescending(g => g.Sum(r => r.Revenue)).Select(g => g.Key).ToList();
        var currency = filter.Currency ?? currencies.FirstOrDefault() ?? CurrencyConversion.Base;
        if (!currencies.Contains(currency))
        {
            currencies.Add(currency);
        }
        return new ProductSales(currency, currencies.Order(StringComparer.Ordinal).ToList(), all.Where(r => r.Currency == currency).ToList());
    }

    public static IReadOnlyList<ProductSalesFigures> TopSellers(IReadOnlyList<ProductSalesFigures> products) =>
        products.Where(p => p.NetUnits > 0).OrderByDescending(p => p.NetUnits).ThenByDescending(p => p.Net).ThenBy(p => p.Sku, StringComparer.Ordinal).Take(BestSellers).ToList();

    public Task<IReadOnlyList<ReportSalesByCategory.CategorySales>> CategoriesAsync(ReportPeriod period, string currency, CancellationToken ct) =>
        categories.HandleAsync(period, currency, ct);

    public async Task<IReadOnlyList<TurnoverRow>> TurnoverAsync(ReportPeriod period, CancellationToken ct)
    {
        var rows = await turnover.HandleAsync(period, ct);
        var names = (await catalog.FindByIdsAsync(rows.Select(r => r.ProductId).ToList(), ct)).ToDictionary(p => p.Id, p => p.Name);
        return rows.Select(r => new TurnoverRow(names.GetValueOrDefault(r.ProductId, r.Sku), r)).ToList();
    }

    public Task<IReadOnlyList<ReportFulfillmentTimes.DayTimes>> FulfillmentAsync(ReportPeriod period, CancellationToken ct) =>
        fulfillment.HandleAsync(period, ct);

    /// <summary>One section as a table (for its CSV), or null for an unknown kind.</summary>
    public async Task<ReportTable?> TableAsync(string kind, ReportFilter filter, CancellationToken ct)
    {
        switch (kind)
        {
            case "products":
                return ProductsTable(await ProductsAsync(filter, ct));
            case "best-sellers":
                var products = await ProductsAsync(filter, ct);
                return BestSellersTable(products.Currency, TopSellers(products.Rows));
            case "categories":
                var currency = (await ProductsAsync(filter, ct)).Currency;
                return CategoriesTable(currency, await CategoriesAsync(filter.Period, currency, ct));
            case "turnover":
                return TurnoverTable(filter.Period, await TurnoverAsync(filter.Period, ct));
            case "fulfillment":
                return FulfillmentTable(await FulfillmentAsync(filter.Period, ct));
            default:
                return null;
        }
    }

    public static ReportTable ProductsTable(ProductSales sales) => new("products",
        ["SKU", "Product", "Currency", "Units sold", "Units refunded", "Revenue", "Refunds", "Net"],
        sales.Rows.Select(r => Row(ReportCell.Of(r.Sku), ReportCell.Of(r.Name), ReportCell.Of(r.Currency), ReportCell.Of(r.Units), ReportCell.Of(r.RefundedUnits),
            Money(r.Revenue, r.Currency), Money(r.Refunds, r.Currency), Money(r.Net, r.Currency))).ToList());

    public static ReportTable BestSellersTable(string currency, IReadOnlyList<ProductSalesFigures> top) => new("best-sellers",
        ["Rank", "SKU", "Product", "Units sold (net of refunds)", "Net"],
        top.Select((r, i) => Row(ReportCell.Of(i + 1), ReportCell.Of(r.Sku), ReportCell.Of(r.Name), ReportCell.Of(r.NetUnits), Money(r.Net, currency))).ToList());

    public static ReportTable CategoriesTable(string currency, IReadOnlyList<ReportSalesByCategory.CategorySales> rows) => new("categories",
        ["Category", "Currency", "Units sold", "Units refunded", "Revenue", "Refunds", "Net"],
        rows.Select(r => Row(new ReportCell(r.Category?.Name ?? r.Path, r.Path), ReportCell.Of(currency), ReportCell.Of(r.Units), ReportCell.Of(r.RefundedUnits),
            Money(r.Revenue, currency), Money(r.Refunds, currency), Money(r.Net, currency))).ToList(),
        rows.Select(r => r.Depth).ToList());

    public static ReportTable TurnoverTable(ReportPeriod period, IReadOnlyList<TurnoverRow> rows) => new("turnover",
        ["SKU", "Product", $"Units sold ({period.Days} days)", "Stock now", "Average daily sales", "Days of cover"],
        rows.Select(r => Row(ReportCell.Of(r.Figures.Sku), ReportCell.Of(r.Name), ReportCell.Of(r.Figures.UnitsSold),
            r.Figures.Unlimited ? new ReportCell("Unlimited", "unlimited", true) : ReportCell.Of(r.Figures.Available),
            ReportCell.Of(r.Figures.AverageDailySales), ReportCell.Of(r.Figures.DaysOfCover, r.Figures.Unlimited ? "Unlimited" : "No sales"))).ToList());

    public static ReportTable FulfillmentTable(IReadOnlyList<ReportFulfillmentTimes.DayTimes> days) => new("fulfillment",
        ["Day (UTC)", "Orders fulfilled", "p50", "p95"],
        days.Select(d => Row(ReportCell.Of(ReportFilter.Iso(d.Day)), ReportCell.Of(d.Orders), Seconds(d.P50), Seconds(d.P95))).ToList(),
        CsvColumns: ["Day (UTC)", "Orders fulfilled", "p50 (seconds)", "p95 (seconds)"]);

    private static ReportCell Money(long amount, string currency) => ReportCell.Of(new Money(amount, currency));

    private static ReportCell Seconds(TimeSpan value) =>
        new(StaffActions.Duration(value), ((long)value.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), true);

    private static ReportCell[] Row(params ReportCell[] cells) => cells;
}
