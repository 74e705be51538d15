using System.CommandLine;
using Orderly.Audit;
using Orderly.Keys;
using Orderly.Persistence;

namespace Orderly.Hosting;

/// <summary>
/// The command line: <c>serve</c> (default), <c>migrate</c>, <c>keys import &lt;sku&gt; &lt;file&gt;</c>,
/// <c>keys rotate</c>, <c>audit verify</c>. Every command builds the same application (same configuration),
/// so <c>--Orderly:DataDir=...</c> and environment variables work everywhere.
/// </summary>
public static class OrderlyCli
{
    public static async Task<int> RunAsync(string[] args, Func<string[], WebApplication> build)
    {
        // No command, or only options: serve. Keeps `dotnet run`, `--urls ...` and test hosts simple.
        var asksForHelp = args.Length > 0 && args[0] is "-h" or "--help" or "-?" or "--version";
        if (!asksForHelp && (args.Length == 0 || args[0].StartsWith('-') || args[0] == "serve"))
        {
            var serveArgs = args.Length > 0 && args[0] == "serve" ? args[1..] : args;
            await build(serveArgs).RunAsync();
            return 0;
        }

        var root = new RootCommand("Orderly: commerce fulfillment — sells keys, files and goods, fulfilled exactly once.");
        root.TreatUnmatchedTokensAsErrors = false;

        var migrate = new Command("migrate", "Apply database migrations and exit.");
        migrate.SetAction(async (parse, ct) =>
        {
            await using var app = build(Rest(parse));
            await app.Services.MigrateDatabaseAsync(ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync("Database is up to date.");
            return 0;
        });

        var sku = new Argument<string>("sku") { Description = "The product's SKU." };
        var file = new Argument<FileInfo>("file") { Description = "Text file (one key per line) or .csv (first column)." };
        var import = new Command("import", "Import license keys into a product's pool.") { sku, file };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"File not found: {path.FullName}");
                return 2;
            }
            await using var app = build(Rest(parse));
            await app.Services.MigrateDatabaseAsync(ct);
            await using var scope = app.Services.CreateAsyncScope();
            using var reader = path.OpenText();
            var csv = path.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase);
            var outcome = await scope.ServiceProvider.GetRequiredService<ImportKeys.Handler>().HandleAsync(parse.GetValue(sku)!, reader, csv, "cli", ct);
            var output = parse.InvocationConfiguration.Output;
            switch (outcome)
            {
                case ImportKeys.Outcome.Imported i:
                    await output.WriteLineAsync($"Imported {i.Result.Imported}, duplicates {i.Result.Duplicates}, rejected {i.Result.Rejected.Count}.");
                    foreach (var line in i.Result.Rejected)
                    {
                        await output.WriteLineAsync($"  line {line.Line}: {line.Reason}");
                    }
                    return i.Result.Rejected.Count == 0 ? 0 : 1;
                case ImportKeys.Outcome.ProductNotFound n:
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"No product with SKU '{n.Sku}'.");
                    return 2;
                case ImportKeys.Outcome.NotAPool p:
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"Product '{p.Sku}' does not take imported keys (its key source is not 'pool').");
                    return 2;
                default:
                    return 3;
            }
        });

        var rotate = new Command("rotate", "Add a new active data-encryption key; existing keys stay readable.");
        rotate.SetAction(async (parse, ct) =>
        {
            await using var app = build(Rest(parse));
            await app.Services.MigrateDatabaseAsync(ct);
            var id = await app.Services.GetRequiredService<KeyRing>().RotateAsync(ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"New active data key: {id}");
            return 0;
        });
        var keys = new Command("keys", "License key pool.") { import, rotate };

        var verify = new Command("verify", "Check the audit log's hash chain; exit code 1 when it was tampered with.");
        verify.SetAction(async (parse, ct) =>
        {
            await using var app = build(Rest(parse));
            await app.Services.MigrateDatabaseAsync(ct);
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SealAuditEntries>().HandleAsync(int.MaxValue, ct);
            var result = await scope.ServiceProvider.GetRequiredService<VerifyAuditChain>().HandleAsync(ct);
            var output = parse.InvocationConfiguration.Output;
            if (result.Intact)
            {
                await output.WriteLineAsync($"Audit log intact: {result.Checked} entries verified.");
                return 0;
            }
            await output.WriteLineAsync($"Audit log TAMPERED: {result.Problems.Count} problem(s) in {result.Checked} entries:");
            foreach (var problem in result.Problems)
            {
                await output.WriteLineAsync($"  {problem}");
            }
            return 1;
        });
        var audit = new Command("audit", "Audit log.") { verify };

        foreach (var command in new Command[] { migrate, import, rotate, verify })
        {
            command.TreatUnmatchedTokensAsErrors = false;
        }
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(keys);
        root.Subcommands.Add(audit);
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>Tokens the CLI did not recognise (e.g. <c>--Orderly:DataDir=x</c>) go to the app's configuration.</summary>
    private static string[] Rest(ParseResult parse) => [.. parse.UnmatchedTokens];
}
