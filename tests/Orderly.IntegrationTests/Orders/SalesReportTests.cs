using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orderly.Catalog;
using Orderly.Inventory;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Orders;
using Orderly.Orders.Contracts;
using static Orderly.IntegrationTests.Orders.ReportsShop;

namespace Orderly.IntegrationTests.Orders;

/// <summary>The staff reports over known orders: per product, per category (rolled up), turnover, fulfillment times and the CSV exports.</summary>
public sealed class SalesReportTests
{
    private const string Password = "a long passphrase";

    [Fact]
    public async Task Reports_sum_paid_orders_with_refunds_roll_categories_up_and_leave_test_unpaid_and_old_orders_out()
    {
        await using var app = new OrderlyApp();
        foreach (var sku in new[] { "KEY-A", "KEY-B", "KEY-C" })
        {
            (await app.CreateProductAsync(sku)).EnsureSuccessStatusCode();
        }
        await app.ImportKeysAsync("KEY-A", Enumerable.Range(1, 10).Select(i => $"A-{i:000}"));
        await app.ImportKeysAsync("KEY-B", Enumerable.Range(1, 4).Select(i => $"B-{i:000}"));
        var games = await AddCategoryAsync(app, "games", "Games", null, "KEY-B");
        await AddCategoryAsync(app, "strategy", "Strategy", games, "KEY-A");
        await AddCategoryAsync(app, "software", "Software", null);

        var paid = Now(app).AddHours(-1);
        await AddOrderAsync(app, paid, "EUR", false, TimeSpan.FromMinutes(2), new Line("KEY-A", 2, 1000, Refunded: 1), new Line("KEY-B", 1, 500));
        await AddOrderAsync(app, paid, "EUR", false, TimeSpan.FromMinutes(10), new Line("KEY-A", 1, 1000));
        await AddOrderAsync(app, paid, "USD", false, null, new Line("KEY-B", 1, 600));
        await AddOrderAsync(app, paid, "EUR", true, TimeSpan.FromHours(1), new Line("KEY-A", 5, 1000)); // test mode
        await AddOrderAsync(app, null, "EUR", false, null, new Line("KEY-B", 3, 500)); // never paid
        await AddOrderAsync(app, paid.AddDays(-40), "EUR", false, null, new Line("KEY-C", 1, 200)); // before the period

        await using var scope = app.Services.CreateAsyncScope();
        var period = ReportPeriod.Last(30, DateOnly.FromDateTime(Now(app)));
        var ct = TestContext.Current.CancellationToken;

        var eur = await scope.ServiceProvider.GetRequiredService<ISalesByProduct>().ForPeriodAsync(period, "EUR", ct);
        Assert.Equal(["KEY-A", "KEY-B"], eur.Select(r => r.Sku));
        var a = eur[0];
        Assert.Equal((3, 1, 2, 3000L, 1000L, 2000L), (a.Units, a.RefundedUnits, a.NetUnits, a.Revenue, a.Refunds, a.Net));
        Assert.Equal((1, 500L, 500L), (eur[1].Units, eur[1].Revenue, eur[1].Net));
        var all = await scope.ServiceProvider.GetRequiredService<ISalesByProduct>().ForPeriodAsync(period, null, ct);
        Assert.Equal(600, Assert.Single(all, r => r.Currency == "USD").Revenue);

        var categories = await scope.ServiceProvider.GetRequiredService<ReportSalesByCategory.Handler>().HandleAsync(period, "EUR", ct);
        Assert.Equal(["Games", "Games › Strategy"], categories.Select(c => c.Path)); // Software sold nothing; KEY-C sold before the period
        Assert.Equal((4, 1, 3500L, 1000L, 2500L), (categories[0].Units, categories[0].RefundedUnits, categories[0].Revenue, categories[0].Refunds, categories[0].Net));
        Assert.Equal((3, 2000L, 1), (categories[1].Units, categories[1].Net, categories[1].Depth));

        var turnover = await scope.ServiceProvider.GetRequiredService<ReportStockTurnover.Handler>().HandleAsync(period, ct);
        var b = Assert.Single(turnover, t => t.Sku == "KEY-B");
        Assert.Equal((2, 4), (b.UnitsSold, b.Available)); // one EUR and one USD unit
        Assert.Equal(2 / 30.0, b.AverageDailySales, 6);
        Assert.Equal(60, b.DaysOfCover!.Value, 6);
        var keyA = Assert.Single(turnover, t => t.Sku == "KEY-A");
        Assert.Equal((2, 10), (keyA.UnitsSold, keyA.Available));
        Assert.Equal(150, keyA.DaysOfCover!.Value, 6);
        Assert.Equal(["KEY-B", "KEY-A"], turnover.Where(t => t.DaysOfCover is not null).Select(t => t.Sku)); // runs out first, first

        var times = await scope.ServiceProvider.GetRequiredService<ReportFulfillmentTimes.Handler>().HandleAsync(period, ct);
        var day = Assert.Single(times);
        Assert.Equal((2, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)), (day.Orders, day.P50, day.P95)); // the test order's hour is not there
    }

    [Fact]
    public async Task Csv_exports_are_rfc_4180_formula_safe_and_for_managers_only()
    {
        await using var app = new OrderlyApp();
        (await app.CreateProductAsync("KEY-X")).EnsureSuccessStatusCode();
        await app.AddStaffUserAsync("manager@shop.test", Password, "manager");
        await app.AddStaffUserAsync("support@shop.test", Password, "support");
        await AddOrderAsync(app, Now(app).AddHours(-1), "EUR", false, TimeSpan.FromSeconds(30),
            new Line("KEY-X", 2, 1250, Name: "=HYPERLINK(\"http://evil.test\"), \"quoted\""));
        await AddOrderAsync(app, Now(app).AddHours(-1), "EUR", true, null, new Line("KEY-X", 7, 1250, Name: "Test order line"));

        var manager = await SignedInClientAsync(app, "manager@shop.test", Password);
        var response = await manager.GetAsync("/admin/reports/products.csv", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(
            "SKU,Product,Currency,Units sold,Units refunded,Revenue,Refunds,Net\r\n" +
            "KEY-X,\"'=HYPERLINK(\"\"http://evil.test\"\"), \"\"quoted\"\"\",EUR,2,0,25.00,0.00,25.00\r\n", csv);

        var fulfillment = await manager.GetStringAsync("/admin/reports/fulfillment.csv", TestContext.Current.CancellationToken);
        Assert.EndsWith(",1,30,30\r\n", fulfillment, StringComparison.Ordinal);
        var bad = await manager.GetAsync("/admin/reports/products.csv?from=2026-13-01", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("request.invalid", await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/admin/reports/customers.csv", TestContext.Current.CancellationToken)).StatusCode);

        // Support reads orders but not the money reports: neither the page nor an export.
        var support = await SignedInClientAsync(app, "support@shop.test", Password);
        foreach (var url in new[] { "/admin/reports/products.csv", "/admin/reports" })
        {
            var refused = await support.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("/account/denied", refused.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        }
        var anonymous = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/admin/reports/products.csv", TestContext.Current.CancellationToken);
        Assert.Contains("/account/login", anonymous.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }
}
