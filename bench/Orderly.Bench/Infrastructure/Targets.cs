using System.Globalization;

namespace Orderly.Bench.Infrastructure;

/// <summary>Prints a scenario's result table and each target as met or MISSED.</summary>
internal sealed class Targets(string scenario)
{
    private readonly List<string> _rows = [];
    private readonly List<string> _checks = [];

    public void Row(string measure, string value, string p50 = "–", string p99 = "–", string note = "") =>
        _rows.Add($"| {measure} | {value} | {p50} | {p99} | {note} |");

    public void Row(string measure, LoadResult? result, string unit, string note = "")
    {
        if (result is null)
        {
            Row(measure, "not measured", note: note);
            return;
        }
        Row(measure, $"{result.PerSecond:F0} {unit}", Ms(result.P(50)), Ms(result.P(99)),
            note + (result.Failures > 0 ? $" {result.Failures} failed" : "") + (result.Unfinished > 0 ? $" {result.Unfinished} unfinished" : ""));
    }

    /// <summary>Records a target: <paramref name="met"/> null means it could not be judged.</summary>
    public void Check(string target, string measured, bool? met) =>
        _checks.Add($"  {(met switch { true => "met   ", false => "MISSED", null => "n/a   " })}  {target,-44} measured {measured}");

    public static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString(value < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"== {scenario}: results ({Environment.ProcessorCount} cores; other load on the machine counts too) ==");
        Console.WriteLine("| measure | rate | p50 ms | p99 ms | note |");
        Console.WriteLine("|---|---|---|---|---|");
        _rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("targets:");
        _checks.ForEach(Console.WriteLine);
    }
}
