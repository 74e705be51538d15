using System.Globalization;
using Orderly.Hosting;

namespace Orderly.Web.Admin.Reports;

/// <summary>One cell: what the page shows and what the CSV holds (money in major units, no symbol).</summary>
/// <param name="Numeric">Right-aligned on the page, and written to CSV as it is (a number is never a formula).</param>
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

/// <summary>RFC 4180 CSV (CRLF line ends, fields quoted when needed) that spreadsheets cannot run as formulas.</summary>
public static class ReportCsvWriter
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    public static string Write(ReportTable table)
    {
        var lines = new List<string> { string.Join(',', (table.CsvColumns ?? table.Columns).Select(c => Field(c, text: true))) };
        lines.AddRange(table.Rows.Select(row => string.Join(',', row.Select(c => Field(c.Csv, !c.Numeric)))));
        return string.Join("\r\n", lines) + "\r\n";
    }

    /// <summary>
    /// A text cell that starts with = + - @ (or a tab or carriage return) would run as a formula in a
    /// spreadsheet (OWASP "CSV injection"): a leading apostrophe makes it text. Numbers are left alone.
    /// </summary>
    public static string Field(string value, bool text)
    {
        if (text && value.Length > 0 && FormulaStarts.Contains(value[0]))
        {
            value = "'" + value;
        }
        return value.IndexOfAny(NeedsQuotes) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
