using System.Globalization;

namespace Orderly.Bench.Infrastructure;

/// <summary>
/// The options every scenario reads: <c>--name value</c> pairs after the scenario name. Unknown
/// options are refused, so a typo does not silently run the defaults.
/// </summary>
internal sealed class BenchArgs
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5544;Username=postgres";

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private BenchArgs()
    {
    }

    public static BenchArgs Parse(IReadOnlyList<string> args)
    {
        var parsed = new BenchArgs();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected '--name value', got '{args[i]}'");
            }
            parsed._values[args[i][2..]] = args[++i];
        }
        return parsed;
    }

    public string Provider => Text("provider", "sqlite") switch
    {
        "sqlite" => "sqlite",
        "postgres" or "postgresql" => "postgres",
        var other => throw new ArgumentException($"--provider must be sqlite or postgres, not '{other}'"),
    };

    /// <summary>Server connection string without a database: the bench creates and drops its own.</summary>
    public string Postgres => Text("postgres", DefaultPostgres);

    public string Text(string name, string fallback)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var value) ? value : fallback;
    }

    public int Int(string name, int fallback) => int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>Call after a scenario has read its options: refuses any option nobody asked for.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
