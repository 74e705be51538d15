using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Keys;

public sealed class ImportKeysTests
{
    [Fact]
    public async Task An_import_dedupes_within_the_file_and_against_the_pool_and_reports_bad_lines_by_number()
    {
        await using var app = new OrderlyApp();
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("IMP")).StatusCode);

        var first = await app.ImportKeysAsync("IMP", ["KEY-AAAA-1111", "", "# a comment", "key-aaaa-1111 ", "KEY-BBBB-2222", new string('Z', 300), "BAD\u0001KEY"]);
        Assert.Equal(2, first.GetProperty("imported").GetInt32());
        Assert.Equal(1, first.GetProperty("duplicates").GetInt32());
        Assert.Equal(2, first.GetProperty("rejected").GetInt32());
        var lines = first.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()).ToList();
        Assert.Equal([6, 7], lines);

        var second = await app.ImportKeysAsync("IMP", ["KEY-BBBB-2222", "KEY-CCCC-3333"]);
        Assert.Equal(1, second.GetProperty("imported").GetInt32());
        Assert.Equal(1, second.GetProperty("duplicates").GetInt32());

        var stock = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/products/IMP/stock", TestContext.Current.CancellationToken);
        Assert.Equal(3, stock.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task A_csv_file_imports_its_first_column_and_skips_a_header()
    {
        await using var app = new OrderlyApp();
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("CSV")).StatusCode);
        using var content = new StringContent("key,note\n\"CSV-0001\",first\nCSV-0002,\"second, with comma\"\n", Encoding.UTF8, "text/csv");

        var response = await app.Admin().PostAsync("/api/admin/products/CSV/keys", content, TestContext.Current.CancellationToken);

        var result = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(2, result.GetProperty("imported").GetInt32());
        Assert.Equal(0, result.GetProperty("rejected").GetInt32());
    }

    [Fact]
    public async Task Keys_are_encrypted_at_rest_and_an_admin_reveal_is_audited()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("SECRET")).StatusCode);
        const string plaintext = "PLAINTEXT-MUST-NOT-BE-STORED-42";
        await app.ImportKeysAsync("SECRET", [plaintext]);

        var stored = await app.QueryAsync(db => db.Set<Orderly.Keys.LicenseKey>().Select(k => k.Ciphertext).SingleAsync());
        Assert.DoesNotContain(plaintext, Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        Assert.Equal(12 + Encoding.UTF8.GetByteCount(plaintext) + 16, stored.Length);
        if (!OrderlyApp.OnPostgres)
        {
            // Nowhere in the database files either (pages, WAL).
            await app.QueryAsync(db => db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);"));
            foreach (var file in Directory.GetFiles(app.DataDir, "orderly.db*"))
            {
                var bytes = await ReadSharedAsync(file);
                Assert.DoesNotContain(plaintext, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
                Assert.DoesNotContain(plaintext, Encoding.Unicode.GetString(bytes), StringComparison.Ordinal);
            }
        }

        var keyId = await app.QueryAsync(db => db.Set<Orderly.Keys.LicenseKey>().Select(k => k.Id).SingleAsync());
        var reveal = await app.Admin().PostAsync($"/api/admin/keys/{keyId}/reveal", null, ct);
        Assert.Equal(plaintext, (await reveal.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("key").GetString());
        Assert.True(await app.QueryAsync(db => db.Set<Orderly.Audit.AuditEntry>().AnyAsync(e => e.Type == "KeyRevealedToAdmin")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync($"/api/admin/keys/{keyId}/reveal", null, ct)).StatusCode);
    }

    [Fact]
    public async Task Importing_into_a_generator_product_or_an_unknown_sku_is_refused()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("GEN", keySource: "generator", keyPattern: "XXXXX-XXXXX-XXXXX")).StatusCode);

        using var keys = new StringContent("K-1\n", Encoding.UTF8, "text/plain");
        var notPool = await app.Admin().PostAsync("/api/admin/products/GEN/keys", keys, ct);
        Assert.Equal(HttpStatusCode.Conflict, notPool.StatusCode);
        Assert.Equal("keys.not_a_pool", (await notPool.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString());

        using var more = new StringContent("K-1\n", Encoding.UTF8, "text/plain");
        var unknown = await app.Admin().PostAsync("/api/admin/products/NOPE/keys", more, ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_command_line_imports_a_key_file_and_reports_rejected_lines()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var app = new OrderlyApp(dataDir: dataDir))
            {
                Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("CLI")).StatusCode);
            }
            var file = Path.Combine(dataDir, "keys.txt");
            await File.WriteAllTextAsync(file, "CLI-1\nCLI-2\nCLI-1\n" + new string('Q', 400) + "\n", TestContext.Current.CancellationToken);

            var (exitCode, output) = await OrderlyCliRunner.RunAsync(dataDir, "keys", "import", "CLI", file);

            Assert.Equal(1, exitCode);
            Assert.Contains("Imported 2, duplicates 1, rejected 1.", output, StringComparison.Ordinal);
            Assert.Contains("line 4:", output, StringComparison.Ordinal);
            await using var reopened = new OrderlyApp(dataDir: dataDir);
            var stock = await reopened.Admin().GetFromJsonAsync<JsonElement>("/api/admin/products/CLI/stock", TestContext.Current.CancellationToken);
            Assert.Equal(2, stock.GetProperty("available").GetInt32());
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
