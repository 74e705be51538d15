using Orderly.Bench.Infrastructure;
using Orderly.Bench.Scenarios;

// Orderly benchmarks: a command, not a test. Each scenario starts the real server (Release
// orderly.dll) on a free loopback port — or, for keys, builds the application in-process — drives
// it, measures a physical reference in the same run and prints its figures next to the targets.
// Usage: dotnet run -c Release --project bench/Orderly.Bench -- SCENARIO [--provider sqlite|postgres] [options]
var scenarios = new Dictionary<string, (string Help, Func<BenchArgs, Task<int>> Run)>(StringComparer.Ordinal)
{
    ["hot-sku"] = (HotSku.Help, HotSku.RunAsync),
    ["webhooks"] = (Webhooks.Help, Webhooks.RunAsync),
    ["delivery"] = (Delivery.Help, Delivery.RunAsync),
    ["keys"] = (Keys.Help, Keys.RunAsync),
    ["full-path"] = (FullPath.Help, FullPath.RunAsync),
    ["licenses"] = (Licenses.Help, Licenses.RunAsync),
    ["web-pages"] = (WebPages.Help, WebPages.RunAsync),
};

if (args.Length == 0 || args[0] is "--help" or "-h" or "help" || !scenarios.TryGetValue(args[0], out var scenario))
{
    Console.WriteLine("""
        Orderly benchmarks (bench/README.md explains every row)

        dotnet run -c Release --project bench/Orderly.Bench -- SCENARIO [options]

        every scenario:
                    --provider sqlite|postgres    (default sqlite)
                    --postgres "Host=127.0.0.1;Port=5544;Username=postgres"
                                                  (PostgreSQL server; the bench creates and drops its own databases,
                                                   and pgbench references run there on either provider)
                    ORDERLY_BENCH_SETTINGS="Name=value|Name=value"   extra server settings
        scenarios:
        """);
    foreach (var (_, (help, _)) in scenarios)
    {
        Console.WriteLine(help);
    }
    return args.Length == 0 || args[0] is "--help" or "-h" or "help" ? 0 : 2;
}

try
{
    return await scenario.Run(BenchArgs.Parse(args[1..]));
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"bench {args[0]}: {ex.Message} (see --help)");
    return 2;
}
