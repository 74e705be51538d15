using System.CommandLine;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Keys;

/// <summary><c>orderly keys import &lt;sku&gt; &lt;file&gt;</c> and <c>orderly keys rotate</c>.</summary>
public static class KeysCommands
{
    public static Command Create(Func<string[], WebApplication> build)
    {
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
            await using var app = build(OrderlyCli.Rest(parse));
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
            await using var app = build(OrderlyCli.Rest(parse));
            await app.Services.MigrateDatabaseAsync(ct);
            var id = await app.Services.GetRequiredService<KeyRing>().RotateAsync(ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"New active data key: {id}");
            return 0;
        });

        return new Command("keys", "License key pool.") { import, rotate };
    }
}
