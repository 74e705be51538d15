using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Licensing;

namespace Orderly.IntegrationTests.Licensing;

/// <summary>
/// The server's clock moved forward (<see cref="ShiftedClock"/>): a subscription that nobody renews
/// runs out at the end of its period plus grace, and signing keys rotate by themselves and leave the
/// JWKS only once no lease they signed can still be in use.
/// </summary>
public sealed class LicenseTimeTravelTests
{
    private const string Issuer = "http://orderly.test";
    private const string Audience = "orderly-license";

    [Fact]
    public async Task A_monthly_license_nobody_renews_validates_until_its_period_and_grace_end_and_is_expired_after()
    {
        var clock = new ShiftedClock();
        await using var app = new OrderlyApp(services: s => s.AddSingleton<TimeProvider>(clock));
        var ct = TestContext.Current.CancellationToken;
        var purchase = await LicensedShop.BuyAsync(app, "LIC-TRAVEL", new { plan = "monthly", graceWindow = "3.00:00:00" });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, "travel.example")).StatusCode);
        var expiresAt = await app.QueryAsync(db => db.Set<License>().Where(l => l.Id == purchase.LicenseId).Select(l => l.ExpiresAt).SingleAsync(ct))
            ?? throw new InvalidOperationException("A monthly license has an end.");
        // About a month from now, plus the three days of grace.
        Assert.InRange(expiresAt - clock.GetUtcNow().UtcDateTime, TimeSpan.FromDays(30), TimeSpan.FromDays(35));

        clock.TravelTo(expiresAt.AddMinutes(-1));
        var lastMinute = await LicensedShop.ValidateAsync(client, purchase.Key, "travel.example");
        Assert.Equal(HttpStatusCode.OK, lastMinute.StatusCode);
        var lease = new JsonWebToken((await lastMinute.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("lease").GetString());
        // The lease never outlives the license.
        Assert.True(lease.ValidTo <= expiresAt.AddSeconds(1), $"lease until {lease.ValidTo:O}, license until {expiresAt:O}");

        clock.TravelTo(expiresAt.AddMinutes(1));
        var after = await LicensedShop.ValidateAsync(client, purchase.Key, "travel.example");
        Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Expired), (after.StatusCode, await LicensedShop.CodeAsync(after)));
    }

    [Fact]
    public async Task Signing_keys_rotate_on_schedule_and_a_retired_key_stays_in_the_jwks_exactly_as_long_as_its_leases_can_be_used()
    {
        var clock = new ShiftedClock();
        await using var app = new OrderlyApp(new Dictionary<string, string?>
        {
            ["Licensing:SigningKeyRotation"] = "2.00:00:00",
            ["Licensing:MaxLeaseLifetime"] = "1.00:00:00",
            ["Licensing:MaxGraceWindow"] = "1.00:00:00",
            ["Licensing:SigningKeyRefresh"] = "00:00:01",
        }, s => s.AddSingleton<TimeProvider>(clock));
        var ct = TestContext.Current.CancellationToken;
        var purchase = await LicensedShop.BuyAsync(app, "LIC-KEYS",
            new { plan = "perpetual", activationLimit = 1, leaseLifetime = "1.00:00:00", revalidationInterval = "12:00:00", graceWindow = "1.00:00:00" });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, "keys.example")).StatusCode);
        var firstKid = new JsonWebToken(await LicensedShop.LeaseAsync(client, purchase.Key, "keys.example")).Kid;
        var signsUntil = await app.QueryAsync(db => db.Set<SigningKey>().Where(k => k.Kid == firstKid).Select(k => k.SignsUntil).SingleAsync(ct));

        // The last lease of the first key's period, valid for a day.
        clock.TravelTo(signsUntil.AddMinutes(-1));
        var first = await LicensedShop.LeaseAsync(client, purchase.Key, "keys.example");
        Assert.Equal(firstKid, new JsonWebToken(first).Kid);

        // Past the first key's signing period: the next lease is signed by a new key, nobody rotated by hand.
        clock.TravelTo(signsUntil.AddMinutes(1));
        var second = await LicensedShop.LeaseAsync(client, purchase.Key, "keys.example");
        Assert.NotEqual(firstKid, new JsonWebToken(second).Kid);
        Assert.Equal(new HashSet<string> { firstKid, new JsonWebToken(second).Kid }, await KidsAsync(client));
        Assert.True((await JoseFixture.VerifyAsync(first, await JwksAsync(client), Issuer, Audience, clock.GetUtcNow().ToUnixTimeSeconds())).Ok,
            "a lease of the retired key still verifies while it may be in use");

        // The last lease the old key signed ends a day after its period, its grace a day later: until then it stays published.
        clock.TravelTo(signsUntil.AddDays(2).AddMinutes(-1));
        Assert.Contains(firstKid, await KidsAsync(client));
        clock.TravelTo(signsUntil.AddDays(2).AddMinutes(1));
        Assert.DoesNotContain(firstKid, await KidsAsync(client));
    }

    private static async Task<JsonElement> JwksAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json", TestContext.Current.CancellationToken);

    private static async Task<HashSet<string>> KidsAsync(HttpClient client) =>
        (await JwksAsync(client)).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToHashSet();
}
