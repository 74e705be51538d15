using System.Globalization;
using Orderly.Orders.Contracts;

namespace Orderly.Web.Admin.Reports;

/// <summary>What the reports page and its CSV exports are asked for: a period of UTC days and, for money, one currency.</summary>
/// <param name="Currency">Null: the currency that sold most in the period.</param>
public sealed record ReportFilter(ReportPeriod Period, string? Currency)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    /// <summary>
    /// Reads <c>?from=&amp;to=&amp;currency=</c> (dates as YYYY-MM-DD). Missing dates default to the last
    /// <see cref="DefaultDays"/> days up to <paramref name="today"/>; problems come back per field.
    /// </summary>
    public static ReportFilter Parse(string? from, string? to, string? currency, DateOnly today, out Dictionary<string, string> errors)
    {
        errors = [];
        var fallback = ReportPeriod.Last(DefaultDays, today);
        var end = ParseDate(to, "to", fallback.To, errors);
        var start = ParseDate(from, "from", string.IsNullOrWhiteSpace(to) ? fallback.From : end.AddDays(1 - DefaultDays), errors);
        if (errors.Count == 0 && start > end)
        {
            errors["from"] = "The start must be on or before the end.";
        }
        else if (errors.Count == 0 && end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            errors["from"] = $"Choose at most {MaxDays} days.";
        }
        var code = string.IsNullOrWhiteSpace(currency) ? null : currency.Trim().ToUpperInvariant();
        if (code is not null && (code.Length != 3 || !code.All(char.IsAsciiLetterUpper)))
        {
            errors["currency"] = "Choose a three-letter currency code.";
        }
        return new ReportFilter(new ReportPeriod(start, end), code);
    }

    /// <summary>The query string of this filter with a resolved currency (for CSV links and the form).</summary>
    public string Query(string currency) =>
        $"from={Iso(Period.From)}&to={Iso(Period.To)}&currency={Uri.EscapeDataString(currency)}";

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string? value, string field, DateOnly fallback, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors[field] = "Enter a date as YYYY-MM-DD.";
        return fallback;
    }
}
