using System.Globalization;

namespace Orderly.Web.Admin.Charts;

/// <summary>One bar: its label, the value that sizes it, what it says, and an optional marker (e.g. a threshold) on the same scale.</summary>
/// <param name="Tone">A class from admin.css: <c>ok</c>, <c>warn</c>, <c>bad</c>, or empty.</param>
public sealed record ChartBar(string Label, double Value, string Display, double? Marker = null, string Tone = "");

/// <summary>One point of a series (a day), with what the data table shows for it.</summary>
public sealed record ChartPoint(string Label, double Value, string Display);

/// <summary>One line of a line chart; <see cref="Tone"/> is its class in admin.css.</summary>
public sealed record ChartSeries(string Name, string Tone, IReadOnlyList<ChartPoint> Points);

/// <summary>Numbers in SVG attributes: invariant digits whatever the server's culture.</summary>
public static class Svg
{
    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>Fulfillment times per day as the p50/p95 lines of a line chart (the dashboard and the reports).</summary>
internal static class FulfillmentChart
{
    public static List<ChartSeries> Series(IReadOnlyList<Orders.ReportFulfillmentTimes.DayTimes> days) =>
    [
        new("p50", "p50", days.Select(d => Point(d, d.P50)).ToList()),
        new("p95", "p95", days.Select(d => Point(d, d.P95)).ToList()),
    ];

    /// <summary>The longest p95, as the chart's top label; empty without data.</summary>
    public static string MaxLabel(IReadOnlyList<Orders.ReportFulfillmentTimes.DayTimes> days) =>
        days.Count == 0 ? "" : StaffActions.Duration(days.Max(d => d.P95));

    private static ChartPoint Point(Orders.ReportFulfillmentTimes.DayTimes day, TimeSpan value) =>
        new(day.Day.ToString("MM-dd", CultureInfo.InvariantCulture), value.TotalSeconds, $"{StaffActions.Duration(value)} ({day.Orders} orders)");
}
