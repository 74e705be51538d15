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
