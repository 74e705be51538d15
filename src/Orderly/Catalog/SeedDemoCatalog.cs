using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Keys.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>
/// First start of an empty store: a small believable catalog so a new user can buy something at
/// once — a pooled key product (with demo keys), a generated-key product, a download, and a bundle —
/// then the storefront around them (<see cref="SeedDemoStore"/>).
/// </summary>
internal sealed class SeedDemoCatalog(OrderlyDbContext db, CreateProduct.Handler create, IKeyImporter importer, SeedDemoStore store, IConfiguration configuration,
    ICatalogChanges changes, IOptions<OrderlyOptions> options, TimeProvider time)
{
    /// <summary>How many products the demo store has (<c>--demo-size N</c> on the command line sets it).</summary>
    public const string DemoSizeKey = "Orderly:DemoSize";

    public async Task<bool> HandleAsync(CancellationToken ct)
    {
        if (await db.Set<Product>().AnyAsync(ct))
        {
            return false;
        }
        await using var transaction = await db.BeginWriteAsync(ct);
        await create.HandleAsync(new("OFFICE-2024-PRO", "Office Suite 2024 Professional (1 PC)", "digital", "code", new(4900, "EUR"), "pool", null, 10), ct);
        await create.HandleAsync(new("ANTIVIRUS-1Y", "Antivirus Total Security, 1 year", "digital", "code", new(1999, "EUR"), "generator", "SEC-XXXXX-XXXXX-XXXXX", null), ct);
        await create.HandleAsync(new("EBOOK-DOTNET", "Modern .NET Architecture (e-book)", "digital", "file", new(2500, "EUR"), null, null, null), ct);
        await create.HandleAsync(new("GAME-DELUXE", "Starfarer Deluxe Edition (key + soundtrack)", "digital", "mixed", new(5999, "EUR"), "generator", "SF-XXXX-XXXX-XXXX-XXXX", null), ct);

        var office = await db.Set<Product>().FirstAsync(p => p.Sku == "OFFICE-2024-PRO", ct);
        var demoKeys = string.Join('\n', Enumerable.Range(0, 25).Select(_ => KeyPatterns.Mint("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")));
        await importer.ImportAsync(office.Id, new StringReader(demoKeys), csv: false, ct);

        await AttachAsync("EBOOK-DOTNET", "modern-dotnet-architecture.txt", "Modern .NET Architecture\n\nA demo download from the Orderly sample store.\n", ct);
        await AttachAsync("GAME-DELUXE", "starfarer-soundtrack.txt", "Starfarer Deluxe soundtrack — demo file from the Orderly sample store.\n", ct);
        await db.SaveChangesAsync(ct);
        await store.HandleAsync(configuration.GetValue(DemoSizeKey, SeedDemoStore.DefaultSize), ct);
        await transaction.CommitAsync(ct);
        await changes.ProductsChangedAsync([], ct);
        return true;
    }

    private async Task AttachAsync(string sku, string fileName, string content, CancellationToken ct)
    {
        var product = await db.Set<Product>().FirstAsync(p => p.Sku == sku, ct);
        var bytes = Encoding.UTF8.GetBytes(content);
        var path = UploadProductFile.StoragePath(options.Value.ResolveDataDir(), product.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes, ct);
        product.FileName = fileName;
        product.FileLength = bytes.Length;
        product.FileSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        product.FileContentType = "text/plain";
        product.UpdatedAt = time.GetUtcNow().UtcDateTime;
    }
}

/// <summary>Seeds the demo catalog after migrations, when <c>Orderly:SeedDemoData</c> is on (default).</summary>
internal sealed partial class DemoCatalogSeeder(IServiceScopeFactory scopes, IOptions<OrderlyOptions> options, ILogger<DemoCatalogSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemoData)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<SeedDemoCatalog>().HandleAsync(cancellationToken))
        {
            LogSeeded();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo store. Browse it at /")]
    private partial void LogSeeded();
}
