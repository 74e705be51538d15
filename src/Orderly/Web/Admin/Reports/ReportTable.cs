using System.Globalization;
using Orderly.Hosting;

namespace Orderly.Web.Admin.Reports;

/// <summary>One cell: what the page shows and what the CSV holds (money in major units, no symbol).</summary>
/// <param name="Numeric">Right-aligned on the page; its CSV value is a plain number, which the CSV writes as it is.</param>
public sealed record ReportCell(string Text, string Csv, bool Numeric = false)
{
    public static ReportCell Of(string text) => new(text, text);

    public static ReportCell Of(int value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return new(text, text, true);
    }

    public static ReportCell Of(Money money) => new(WebPage.Price(money), (money.Amount / 100m).ToString("0.00", CultureInfo.InvariantCulture), true);

    /// <summary>A ratio to one decimal; empty when there is none (e.g. days of cover of a product that does not sell).</summary>
    public static ReportCell Of(double? value, string none = "—") =>
        value is { } v ? new(v.ToString("0.0", CultureInfo.InvariantCulture), v.ToString("0.##", CultureInfo.InvariantCulture), true) : new(none, "", true);
}

/// <summary>One report section as a table: the page renders it under the chart, the CSV export writes it.</summary>
/// <param name="Depths">Per row, how far to indent its first cell (categories under their parents); null for none.</param>
/// <param name="CsvColumns">The CSV's header when it differs from the page's (e.g. a unit the page writes in each cell).</param>
public sealed record ReportTable(string Kind, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<ReportCell>> Rows, IReadOnlyList<int>? Depths = null,
    IReadOnlyList<string>? CsvColumns = null);

/// <summary>A report table as spreadsheet-safe CSV (<see cref="SpreadsheetCsv"/>): the header, then one line per row.</summary>
public static class ReportCsvWriter
{
    public static string Write(ReportTable table) =>
        SpreadsheetCsv.Write([table.CsvColumns ?? table.Columns, .. table.Rows.Select(row => row.Select(c => c.Csv))]);
}
