using System.CommandLine;
using Orderly.Persistence;

namespace Orderly.Hosting;

/// <summary>
/// The command line: <c>serve</c> (default), <c>migrate</c>, <c>keys import &lt;sku&gt; &lt;file&gt;</c>,
/// <c>keys rotate</c>, <c>audit verify</c>. Every command builds the same application (same configuration),
/// so <c>--Orderly:DataDir=...</c> and environment variables work everywhere.
/// </summary>
public static class OrderlyCli
{
    /// <param name="moduleCommands">commands that modules contribute (keys, audit, ...), each given the app builder.</param>
    public static async Task<int> RunAsync(string[] args, Func<string[], WebApplication> build, params Func<Func<string[], WebApplication>, Command>[] moduleCommands)
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


        var serve = new Command("serve", "Run the web server and workers (the default when no command is given).");
        serve.SetAction(async (parse, ct) =>
        {
            await build(Rest(parse)).RunAsync(ct);
            return 0;
        });
        root.Subcommands.Add(serve);
        root.Subcommands.Add(migrate);
        foreach (var contribute in moduleCommands)
        {
            root.Subcommands.Add(contribute(build));
        }
        AllowConfigurationTokens(root);
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>Tokens the CLI did not recognise (e.g. <c>--Orderly:DataDir=x</c>) go to the app's configuration.</summary>
    public static string[] Rest(ParseResult parse) => [.. parse.UnmatchedTokens];

    private static void AllowConfigurationTokens(Command command)
    {
        command.TreatUnmatchedTokensAsErrors = false;
        foreach (var child in command.Subcommands)
        {
            AllowConfigurationTokens(child);
        }
    }
}
