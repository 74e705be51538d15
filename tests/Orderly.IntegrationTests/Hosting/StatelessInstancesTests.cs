using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Orderly.Hosting;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Hosting;

/// <summary>
/// Instances keep nothing of their own: two instances with separate data directories on one
/// database verify each other's links and read each other's data-protection payloads.
/// </summary>
public sealed class StatelessInstancesTests
{
    [Fact]
    public async Task Two_instances_with_their_own_data_directories_share_the_signing_and_data_protection_keys_through_the_database()
    {
        var firstDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        var secondDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        try
        {
            // No configured signing key: each instance would otherwise generate its own. The master
            // key is configuration by design (it protects what the database holds).
            var generated = new Dictionary<string, string?>
            {
                ["Orderly:SigningKey"] = "", ["Messaging:ReleaseLeasesOnStart"] = "false",
                ["Keys:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            };
            await using var first = new OrderlyApp(generated, dataDir: firstDir);
            _ = first.Services;
            var sameDatabase = new Dictionary<string, string?>(generated);
            foreach (var (key, value) in OrderlyApp.OnPostgres
                ? OrderlyApp.DatabaseSettings(firstDir)
                : new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(firstDir, "orderly.db")};Default Timeout=30;Pooling=True" })
            {
                sameDatabase[key] = value;
            }
            await using var second = new OrderlyApp(sameDatabase, dataDir: secondDir);
            _ = second.Services;

            var id = Guid.CreateVersion7();
            var token = first.Services.GetRequiredService<UrlSigner>().Sign("library", id, TimeProvider.System.GetUtcNow().AddMinutes(5));
            Assert.Equal(id, second.Services.GetRequiredService<UrlSigner>().Verify("library", token));

            var secret = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("across instances");
            Assert.Equal("across instances", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));

            // Nothing was written to either data directory for it.
            Assert.False(File.Exists(Path.Combine(firstDir, "signing.key")));
            Assert.False(File.Exists(Path.Combine(secondDir, "signing.key")));
        }
        finally
        {
            OrderlyApp.DeleteDataDir(firstDir);
            OrderlyApp.DeleteDataDir(secondDir);
        }
    }
}
