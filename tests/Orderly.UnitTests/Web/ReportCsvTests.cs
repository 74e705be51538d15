using Orderly.Hosting;
using Orderly.Inventory;
using Orderly.Orders.Contracts;
using Orderly.Reseller;
using Orderly.Web.Admin.Reports;

namespace Orderly.UnitTests.Web;

public sealed class ReportCsvTests
{
    /// <summary>
    /// CsvHelper's formula escaping quotes the escaped field: "'=1+2" (quoted) where the hand-written
    /// writer wrote '=1+2 (bare). Both make a spreadsheet show the text.
    /// </summary>
    [Theory]
    [InlineData("Plain", "Plain")]
    [InlineData("=1+2", "\"'=1+2\"")]
    [InlineData("+SUM(A1)", "\"'+SUM(A1)\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@cmd", "\"'@cmd\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=a,\"b\"", "\"'=a,\"\"b\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Text_cells_are_quoted_per_rfc_4180_and_never_start_a_formula(string value, string written) =>
        Assert.Equal(written + "\r\n", SpreadsheetCsv.Write([[value]]));

    [Fact]
    public void Numbers_are_written_as_they_are()
    {
        Assert.Equal("-12.50,3\r\n", SpreadsheetCsv.Write([["-12.50", "3"]]));
        var table = new ReportTable("t", ["A", "B"], [[ReportCell.Of("x"), ReportCell.Of(3)]]);
        Assert.Equal("A,B\r\nx,3\r\n", ReportCsvWriter.Write(table));
    }

    [Fact]
    public void The_wallet_csv_keeps_its_columns_and_amounts_and_escapes_the_memo()
    {
        var at = new DateTime(2026, 11, 23, 9, 30, 0, DateTimeKind.Utc);
        var id = Guid.Parse("0193a000-0000-7000-8000-000000000001");
        var csv = Orderly.Web.Merchant.WalletCsv.Write([new WalletEntryView(id, "order", -1250, null, "=cmd|' /C calc'!A0", at, 8750)]);
        Assert.Equal(
            "date_utc,entry_id,kind,amount_eur,balance_after_eur,reference_id,memo\r\n" +
            $"2026-11-23T09:30:00Z,{id},order,-12.50,87.50,,\"'=cmd|' /C calc'!A0\"\r\n", csv);
    }

    [Fact]
    public void The_period_defaults_to_the_last_30_days_and_bad_input_is_reported_per_field()
    {
        var today = new DateOnly(2026, 11, 23);
        var filter = ReportFilter.Parse(null, null, null, today, out var errors);
        Assert.Empty(errors);
        Assert.Equal(new ReportPeriod(new DateOnly(2026, 10, 25), today), filter.Period);
        Assert.Equal(30, filter.Period.Days);

        ReportFilter.Parse("2026-11-20", "2026-11-01", "usd", today, out errors);
        Assert.Equal(["from"], errors.Keys);
        ReportFilter.Parse("yesterday", null, "US", today, out errors);
        Assert.Equal(["currency", "from"], errors.Keys.Order());
        Assert.Equal("USD", ReportFilter.Parse(null, null, "usd", today, out _).Currency);
    }

    [Fact]
    public void Days_of_cover_is_stock_over_the_average_daily_sales()
    {
        Assert.Equal(0.1, ReportStockTurnover.AverageDailySales(3, 30), 9);
        Assert.Equal(50, ReportStockTurnover.DaysOfCover(5, 0.1)!.Value, 9);
        Assert.Null(ReportStockTurnover.DaysOfCover(5, 0));
    }
}
