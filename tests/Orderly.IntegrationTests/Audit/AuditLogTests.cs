using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.Audit;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Audit;

public sealed class AuditLogTests
{
    private static async Task<OrderlyApp> AppWithHistoryAsync(string dataDir)
    {
        var app = new OrderlyApp(dataDir: dataDir);
        await app.CreateProductAsync("AUD");
        await app.ImportKeysAsync("AUD", ["AUD-1", "AUD-2"]);
        var (orderId, total) = await app.PlaceOrderAsync($"aud-{Guid.NewGuid():N}@example.com", ("AUD", 1));
        await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total));
        await app.WaitForOrderStatusAsync(orderId, "completed");
        await app.WaitUntilAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Type == "EmailSent"), "the e-mail is audited");
        await app.Services.GetRequiredService<AuditSealWorker>().RunOnceAsync(TestContext.Current.CancellationToken);
        return app;
    }

    [Fact]
    public async Task The_chain_verifies_and_an_edited_entry_is_detected_by_the_api_and_the_command_line()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var app = await AppWithHistoryAsync(dataDir))
            {
                var ct = TestContext.Current.CancellationToken;
                var verdict = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/audit/verify", ct);
                Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
                Assert.True(verdict.GetProperty("checked").GetInt64() >= 6);

                await app.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"Actor\" = 'someone-else' WHERE \"Type\" = 'PaymentReceived'"));
                verdict = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/audit/verify", ct);
                Assert.False(verdict.GetProperty("intact").GetBoolean());
                Assert.Contains("edited", verdict.GetProperty("problems").ToString(), StringComparison.Ordinal);
            }

            var (exitCode, output) = await OrderlyCliRunner.RunAsync(dataDir, "audit", "verify");
            Assert.Equal(1, exitCode);
            Assert.Contains("TAMPERED", output, StringComparison.Ordinal);
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }

    [Fact]
    public async Task Deleting_an_entry_or_the_newest_entries_is_detected()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = await AppWithHistoryAsync(dataDir);
            var ct = TestContext.Current.CancellationToken;
            var (exitCode, output) = await OrderlyCliRunner.RunAsync(dataDir, "audit", "verify");
            Assert.True(exitCode == 0, output);
            Assert.Contains("Audit log intact", output, StringComparison.Ordinal);

            await app.QueryAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE \"Seq\" = (SELECT MAX(\"Seq\") FROM audit_entries)"));
            var tail = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/audit/verify", ct);
            Assert.False(tail.GetProperty("intact").GetBoolean());

            await app.QueryAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE \"Seq\" = 2"));
            var middle = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/audit/verify", ct);
            Assert.Contains("missing", middle.GetProperty("problems").ToString(), StringComparison.Ordinal);
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }
}
