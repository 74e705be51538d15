using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Licensing;
using Orderly.Licensing.Contracts;
using Orderly.Persistence;

namespace Orderly.IntegrationTests.Licensing;

/// <summary>
/// Validation served from memory on the embedded database (ADR 0027): every write to a license or
/// its activations shows at the very next validation on the same instance, on both providers
/// (PostgreSQL reads the database on every validation, and across instances).
/// </summary>
public sealed class ValidationSnapshotTests
{
    private const string Domain = "snapshot.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Bought, activated on <see cref="Domain"/>, validated once (on SQLite the activation is now kept in memory).</summary>
    private static async Task<LicensedShop.Purchase> ValidatedAsync(OrderlyApp app, string sku, object? policy = null)
    {
        var purchase = await LicensedShop.BuyAsync(app, sku, policy);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, Domain)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ValidateAsync(client, purchase.Key, Domain)).StatusCode);
        var snapshot = app.Services.GetRequiredService<ValidationSnapshot>();
        var kept = !OrderlyApp.OnPostgres && snapshot.Capacity > 0;
        Assert.Equal(kept, snapshot.Enabled);
        Assert.Equal(kept ? 1 : 0, snapshot.Count);
        return purchase;
    }

    private static async Task<(HttpStatusCode Status, string? Code)> ValidateAsync(OrderlyApp app, string key, string domain = Domain)
    {
        var response = await LicensedShop.ValidateAsync(app.CreateClient(), key, domain);
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? null : await LicensedShop.CodeAsync(response));
    }

    [Fact]
    public async Task Suspension_and_reinstatement_show_at_the_next_validation_and_repeated_leases_stay_verifiable()
    {
        await using var app = new OrderlyApp();
        var purchase = await ValidatedAsync(app, "SNAP-SUSPEND");
        var admin = app.Admin();
        // Served from memory: the same lease within a second, a valid one each time.
        var first = await LicensedShop.LeaseAsync(app.CreateClient(), purchase.Key, Domain);
        var again = await LicensedShop.LeaseAsync(app.CreateClient(), purchase.Key, Domain);
        Assert.Equal(new JsonWebToken(first).GetPayloadValue<string>("domain"), new JsonWebToken(again).GetPayloadValue<string>("domain"));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/admin/licenses/{purchase.LicenseId}/suspend", new { reason = "review" }, Ct)).StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Suspended), await ValidateAsync(app, purchase.Key));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/admin/licenses/{purchase.LicenseId}/reinstate", new { }, Ct)).StatusCode);
        Assert.Equal((HttpStatusCode.OK, null), await ValidateAsync(app, purchase.Key));
    }

    [Fact]
    public async Task A_revocation_in_a_refunds_transaction_shows_after_its_commit_even_when_a_validation_read_the_old_row_before_it()
    {
        await using var app = new OrderlyApp();
        var purchase = await ValidatedAsync(app, "SNAP-REFUND");
        var lineId = await app.QueryAsync(db => db.Set<License>().Where(l => l.Id == purchase.LicenseId).Select(l => l.OrderLineId).SingleAsync(Ct));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            await using var transaction = await db.BeginWriteAsync(Ct);
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ILicenses>().RevokeForOrderLinesAsync([lineId], "refunded", Ct));
            // Not committed yet: a validation now still reads the active row (and may keep it).
            Assert.Equal((HttpStatusCode.OK, null), await ValidateAsync(app, purchase.Key));
            await db.SaveChangesAsync(Ct);
            await transaction.CommitAsync(Ct);
        }
        Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Revoked), await ValidateAsync(app, purchase.Key));
    }

    [Fact]
    public async Task A_revocation_by_key_outside_a_transaction_shows_at_the_next_validation()
    {
        await using var app = new OrderlyApp();
        var purchase = await ValidatedAsync(app, "SNAP-REVOKE");
        var keyId = await app.QueryAsync(db => db.Set<License>().Where(l => l.Id == purchase.LicenseId).Select(l => l.KeyId).SingleAsync(Ct));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ILicenses>().RevokeForKeysAsync([keyId], "refunded", Ct));
            await scope.ServiceProvider.GetRequiredService<OrderlyDbContext>().SaveChangesAsync(Ct);
        }
        Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Revoked), await ValidateAsync(app, purchase.Key));
    }

    [Fact]
    public async Task A_deactivation_and_a_reset_show_at_the_next_validation()
    {
        await using var app = new OrderlyApp();
        var purchase = await ValidatedAsync(app, "SNAP-SEATS");
        var client = app.CreateClient();
        var deactivated = await client.PostAsJsonAsync("/api/licenses/deactivate", new { key = purchase.Key, domain = Domain }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, deactivated.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Invalid), await ValidateAsync(app, purchase.Key));

        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, "second.example")).StatusCode);
        Assert.Equal((HttpStatusCode.OK, null), await ValidateAsync(app, purchase.Key, "second.example"));
        Assert.Equal(HttpStatusCode.OK, (await app.Admin().PostAsync($"/api/admin/licenses/{purchase.LicenseId}/reset-activations", null, Ct)).StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Invalid), await ValidateAsync(app, purchase.Key, "second.example"));
    }

    [Fact]
    public async Task A_kept_license_expires_at_its_end_without_any_write()
    {
        var clock = new ShiftedClock();
        await using var app = new OrderlyApp(services: s => s.AddSingleton<TimeProvider>(clock));
        var purchase = await ValidatedAsync(app, "SNAP-EXPIRY", new { plan = "monthly", graceWindow = "1.00:00:00" });
        var expiresAt = await app.QueryAsync(db => db.Set<License>().Where(l => l.Id == purchase.LicenseId).Select(l => l.ExpiresAt).SingleAsync(Ct))
            ?? throw new InvalidOperationException("A monthly license has an end.");
        clock.TravelTo(expiresAt.AddMinutes(-1));
        Assert.Equal((HttpStatusCode.OK, null), await ValidateAsync(app, purchase.Key));
        clock.TravelTo(expiresAt.AddSeconds(1));
        Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Expired), await ValidateAsync(app, purchase.Key));
    }

    [Fact]
    public async Task A_renewal_and_a_subscriptions_end_show_at_the_next_validation()
    {
        await using var app = new OrderlyApp();
        var purchase = await ValidatedAsync(app, "SNAP-SUB", new { plan = "monthly", graceWindow = "3.00:00:00" });
        async Task<long> LicenseExpiresClaim() =>
            new JsonWebToken(await LicensedShop.LeaseAsync(app.CreateClient(), purchase.Key, Domain)).GetPayloadValue<long>("license_expires_at");
        var before = await LicenseExpiresClaim();

        var paidThrough = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().AddMonths(3).ToUnixTimeSeconds());
        await app.PayAsync(StripeEvents.InvoicePaid(purchase.OrderId, "sub_snapshot", paidThrough));
        var renewed = paidThrough.UtcDateTime.AddDays(3);
        await app.WaitUntilAsync(async db => await db.Set<License>().AnyAsync(l => l.Id == purchase.LicenseId && l.ExpiresAt == renewed, Ct), "the license is renewed");
        var after = await LicenseExpiresClaim();
        Assert.True(after > before, $"license_expires_at {after} after the renewal, {before} before");
        Assert.Equal(new DateTimeOffset(renewed).ToUnixTimeSeconds(), after);

        await app.PayAsync(StripeEvents.SubscriptionDeleted(purchase.OrderId, "sub_snapshot", TimeProvider.System.GetUtcNow().AddDays(-5)));
        await app.WaitUntilAsync(async db => await db.Set<License>().AnyAsync(l => l.Id == purchase.LicenseId && l.ExpiresAt < TimeProvider.System.GetUtcNow().UtcDateTime, Ct), "the license has run out");
        Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Expired), await ValidateAsync(app, purchase.Key));
    }

    [Fact]
    public async Task Unknown_keys_and_bindings_are_never_kept()
    {
        await using var app = new OrderlyApp();
        var purchase = await ValidatedAsync(app, "SNAP-MISSES");
        var kept = app.Services.GetRequiredService<ValidationSnapshot>().Count;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Invalid), await ValidateAsync(app, $"UNKNOWN-{i}"));
            Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Invalid), await ValidateAsync(app, purchase.Key, $"other-{i}.example"));
        }
        Assert.Equal(kept, app.Services.GetRequiredService<ValidationSnapshot>().Count);
    }

    [Fact]
    public async Task With_size_zero_validation_reads_the_database_and_still_answers()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Licensing:ValidationCacheSize"] = "0" });
        var purchase = await LicensedShop.BuyAsync(app, "SNAP-OFF");
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(app.CreateClient(), purchase.Key, Domain)).StatusCode);
        Assert.Equal((HttpStatusCode.OK, null), await ValidateAsync(app, purchase.Key));
        var snapshot = app.Services.GetRequiredService<ValidationSnapshot>();
        Assert.False(snapshot.Enabled);
        Assert.Equal(0, snapshot.Count);
    }

    [Fact]
    public async Task With_several_instances_on_one_database_a_suspension_by_one_shows_at_the_next_validation_on_the_other()
    {
        // PostgreSQL turns the snapshot off by itself; processes sharing one SQLite file must turn it off (README).
        var firstDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        var secondDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var shared = new Dictionary<string, string?>
            {
                ["Orderly:SigningKey"] = "", ["Messaging:ReleaseLeasesOnStart"] = "false",
                ["Keys:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            };
            if (!OrderlyApp.OnPostgres)
            {
                shared["Licensing:ValidationCacheSize"] = "0";
            }
            await using var first = new OrderlyApp(shared, dataDir: firstDir);
            var purchase = await ValidatedAsync(first, "SNAP-TWO");
            var sameDatabase = new Dictionary<string, string?>(shared);
            foreach (var (key, value) in OrderlyApp.OnPostgres
                ? OrderlyApp.DatabaseSettings(firstDir)
                : new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(firstDir, "orderly.db")};Default Timeout=30;Pooling=True" })
            {
                sameDatabase[key] = value;
            }
            await using var second = new OrderlyApp(sameDatabase, dataDir: secondDir);
            Assert.Equal((HttpStatusCode.OK, null), await ValidateAsync(second, purchase.Key));

            Assert.Equal(HttpStatusCode.OK, (await second.Admin().PostAsJsonAsync($"/api/admin/licenses/{purchase.LicenseId}/suspend", new { }, Ct)).StatusCode);
            Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Suspended), await ValidateAsync(first, purchase.Key));
            Assert.Equal(HttpStatusCode.OK, (await first.Admin().PostAsJsonAsync($"/api/admin/licenses/{purchase.LicenseId}/reinstate", new { }, Ct)).StatusCode);
            Assert.Equal((HttpStatusCode.OK, null), await ValidateAsync(second, purchase.Key));
        }
        finally
        {
            OrderlyApp.DeleteDataDir(firstDir);
            OrderlyApp.DeleteDataDir(secondDir);
        }
    }
}
