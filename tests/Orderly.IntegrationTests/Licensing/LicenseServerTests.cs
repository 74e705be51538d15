using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orderly.Audit;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Licensing;
using Orderly.Licensing.Contracts;
using Orderly.Persistence;

namespace Orderly.IntegrationTests.Licensing;

/// <summary>The license server end to end: bought → licensed → activated → leased, and leases checked by two independent JWT implementations.</summary>
public sealed class LicenseServerTests
{
    private const string Issuer = "http://orderly.test";
    private const string Audience = "orderly-license";

    private static async Task<JsonElement> JwksAsync(OrderlyApp app) =>
        await app.CreateClient().GetFromJsonAsync<JsonElement>("/.well-known/jwks.json", TestContext.Current.CancellationToken);

    private static async Task<TokenValidationResult> IdentityModelAsync(string lease, JsonElement jwks) =>
        await new JsonWebTokenHandler().ValidateTokenAsync(lease, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            IssuerSigningKeys = new JsonWebKeySet(jwks.GetRawText()).GetSigningKeys(),
        });

    [Fact]
    public async Task A_bought_licensable_product_activates_on_its_domain_and_validates_to_a_lease_that_jose_and_IdentityModel_verify()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var purchase = await LicensedShop.BuyAsync(app, "LIC-E2E");
        var client = app.CreateClient();

        var license = (await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/licenses?email={purchase.Email}", ct)).EnumerateArray().Single();
        Assert.Equal(("active", "yearly", 2), (license.GetProperty("status").GetString(), license.GetProperty("plan").GetString(), license.GetProperty("activationLimit").GetInt32()));

        // The domain is normalized: scheme, www., case, port, path and trailing dot do not make a new seat.
        var activated = await LicensedShop.ActivateAsync(client, purchase.Key, "https://WWW.Shop-Example.com:8443/wp-admin/");
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        var activation = await activated.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("shop-example.com", activation.GetProperty("domain").GetString());
        var again = await (await LicensedShop.ActivateAsync(client, purchase.Key.ToLowerInvariant(), "shop-example.com.")).Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(activation.GetProperty("activationId").GetGuid(), again.GetProperty("activationId").GetGuid());
        Assert.Equal(1, await app.QueryAsync(db => db.Set<License>().Where(l => l.Id == purchase.LicenseId).Select(l => l.ActivationCount).SingleAsync(ct)));

        var validated = await LicensedShop.ValidateAsync(client, purchase.Key, "http://shop-example.com");
        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        var lease = (await validated.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("lease").GetString()!;
        var jwks = await JwksAsync(app);

        var jose = await JoseFixture.VerifyAsync(lease, jwks, Issuer, Audience);
        Assert.True(jose.Ok, jose.Code);
        Assert.Equal("ES256", jose.Header.GetProperty("alg").GetString());
        Assert.Contains(jwks.GetProperty("keys").EnumerateArray(), k => k.GetProperty("kid").GetString() == jose.Header.GetProperty("kid").GetString());
        Assert.Equal(purchase.LicenseId.ToString(), jose.Payload.GetProperty("sub").GetString());
        Assert.Equal("LIC-E2E", jose.Payload.GetProperty("product").GetString());
        Assert.Equal("shop-example.com", jose.Payload.GetProperty("domain").GetString());
        Assert.Equal("active", jose.Payload.GetProperty("status").GetString());
        Assert.Equal(["updates", "pro"], jose.Payload.GetProperty("entitlements").EnumerateArray().Select(e => e.GetString()));
        var (iat, exp, grace) = (jose.Payload.GetProperty("iat").GetInt64(), jose.Payload.GetProperty("exp").GetInt64(), jose.Payload.GetProperty("grace_until").GetInt64());
        Assert.Equal(TimeSpan.FromDays(7).TotalSeconds, exp - iat); // the default lease lifetime
        Assert.Equal(TimeSpan.FromDays(3).TotalSeconds, grace - exp); // the default grace window
        Assert.True(jose.Payload.GetProperty("license_expires_at").GetInt64() > grace);

        var microsoft = await IdentityModelAsync(lease, jwks);
        Assert.True(microsoft.IsValid, microsoft.Exception?.Message);
        Assert.Equal(purchase.LicenseId.ToString(), microsoft.Claims["sub"]);
    }

    [Fact]
    public async Task A_tampered_lease_and_a_lease_signed_by_a_foreign_key_are_rejected_by_both_verifiers()
    {
        await using var app = new OrderlyApp();
        var purchase = await LicensedShop.BuyAsync(app, "LIC-TAMPER");
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, "tamper.example")).StatusCode);
        var lease = await LicensedShop.LeaseAsync(client, purchase.Key, "tamper.example");
        var jwks = await JwksAsync(app);

        // Another domain in the payload, the server's signature kept.
        var parts = lease.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.DecodeBytes(parts[1]))!;
        payload["domain"] = JsonSerializer.SerializeToElement("pirate.example");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";

        // A well-formed lease with the server's kid, signed by a key the server never had.
        var kid = new JsonWebToken(lease).Kid;
        using var foreignKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var foreign = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = payload.ToDictionary(p => p.Key, p => (object)p.Value),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(foreignKey) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256),
        });

        foreach (var forged in new[] { tampered, foreign })
        {
            var jose = await JoseFixture.VerifyAsync(forged, jwks, Issuer, Audience);
            Assert.False(jose.Ok);
            Assert.Equal("ERR_JWS_SIGNATURE_VERIFICATION_FAILED", jose.Code);
            Assert.False((await IdentityModelAsync(forged, jwks)).IsValid);
        }
        Assert.True((await JoseFixture.VerifyAsync(lease, jwks, Issuer, Audience)).Ok);
    }

    [Fact]
    public async Task An_unknown_key_and_a_key_not_activated_for_the_domain_get_the_same_invalid_answer()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var purchase = await LicensedShop.BuyAsync(app, "LIC-ORACLE");
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, "mine.example")).StatusCode);

        var unknown = await LicensedShop.ValidateAsync(client, "NO-SUCH-KEY-0000", "mine.example");
        var wrongDomain = await LicensedShop.ValidateAsync(client, purchase.Key, "other.example");
        var unknownActivation = await LicensedShop.ActivateAsync(client, "NO-SUCH-KEY-0000", "mine.example");
        var unknownDeactivation = await client.PostAsJsonAsync("/api/licenses/deactivate", new { key = purchase.Key, domain = "other.example" }, ct);
        var bodies = new List<string>();
        foreach (var response in new[] { unknown, wrongDomain, unknownActivation, unknownDeactivation })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>(ct);
            Assert.Equal(LicensingErrors.Invalid, problem!["code"].GetString());
            problem.Remove("traceId");
            bodies.Add(JsonSerializer.Serialize(problem));
        }
        Assert.Single(bodies.Distinct());

        var badDomain = await LicensedShop.ValidateAsync(client, purchase.Key, "127.0.0.1");
        Assert.Equal(HttpStatusCode.BadRequest, badDomain.StatusCode);
    }

    [Fact]
    public async Task Of_a_hundred_parallel_activations_of_a_key_with_limit_five_exactly_five_succeed()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var purchase = await LicensedShop.BuyAsync(app, "LIC-RACE", new { plan = "perpetual", activationLimit = 5 });

        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            start.Wait(ct);
            return await LicensedShop.ActivateAsync(app.CreateClient(), purchase.Key, $"site-{i}.example");
        }, ct)).ToList();
        start.Set();
        var responses = await Task.WhenAll(attempts);

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(95, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal(LicensingErrors.ActivationLimitReached, await LicensedShop.CodeAsync(refused));
        }
        Assert.Equal(5, await app.QueryAsync(db => db.Set<Activation>().CountAsync(a => a.LicenseId == purchase.LicenseId, ct)));
        Assert.Equal(5, await app.QueryAsync(db => db.Set<License>().Where(l => l.Id == purchase.LicenseId).Select(l => l.ActivationCount).SingleAsync(ct)));

        // A deactivation frees exactly one seat.
        var winner = (await app.QueryAsync(db => db.Set<Activation>().Where(a => a.LicenseId == purchase.LicenseId).Select(a => a.Value).FirstAsync(ct)));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/licenses/deactivate", new { key = purchase.Key, domain = winner }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, "latecomer.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await LicensedShop.ActivateAsync(client, purchase.Key, "one-too-many.example")).StatusCode);
    }

    [Fact]
    public async Task Suspension_reinstatement_and_revocation_show_at_the_next_validation_and_are_audited()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var purchase = await LicensedShop.BuyAsync(app, "LIC-STATUS");
        var client = app.CreateClient();
        var admin = app.Admin();
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, fingerprint: "machine-0001-abcd")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ValidateAsync(client, purchase.Key, fingerprint: "MACHINE-0001-ABCD")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/admin/licenses/{purchase.LicenseId}/suspend", new { reason = "chargeback review" }, ct)).StatusCode);
        var suspended = await LicensedShop.ValidateAsync(client, purchase.Key, fingerprint: "machine-0001-abcd");
        Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Suspended), (suspended.StatusCode, await LicensedShop.CodeAsync(suspended)));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/admin/licenses/{purchase.LicenseId}/suspend", new { }, ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/admin/licenses/{purchase.LicenseId}/reinstate", new { }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ValidateAsync(client, purchase.Key, fingerprint: "machine-0001-abcd")).StatusCode);

        // The refund feature's entry point: revoke by order line, in the caller's transaction.
        var lineId = await app.QueryAsync(db => db.Set<License>().Where(l => l.Id == purchase.LicenseId).Select(l => l.OrderLineId).SingleAsync(ct));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            await using var transaction = await db.BeginWriteAsync(ct);
            var revoked = await scope.ServiceProvider.GetRequiredService<ILicenses>().RevokeForOrderLinesAsync([lineId], "refunded", ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            Assert.Equal(1, revoked);
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ILicenses>().RevokeForOrderLinesAsync([lineId], "refunded again", ct));
        }
        var revokedAnswer = await LicensedShop.ValidateAsync(client, purchase.Key, fingerprint: "machine-0001-abcd");
        Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Revoked), (revokedAnswer.StatusCode, await LicensedShop.CodeAsync(revokedAnswer)));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/admin/licenses/{purchase.LicenseId}/reinstate", new { }, ct)).StatusCode);

        var audited = await app.QueryAsync(db => db.Set<AuditEntry>()
            .Where(e => e.OrderId == purchase.OrderId).Select(e => e.Type).ToListAsync(ct));
        Assert.Contains("LicenseIssued", audited);
        Assert.Contains("LicenseActivated", audited);
        Assert.Contains("LicenseSuspended", audited);
        Assert.Contains("LicenseReinstated", audited);
        Assert.Single(audited, t => t == "LicenseRevoked");
    }

    [Fact]
    public async Task An_admin_lists_activations_and_a_reset_frees_every_seat()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var purchase = await LicensedShop.BuyAsync(app, "LIC-ADMIN");
        var client = app.CreateClient();
        var admin = app.Admin();
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, "one.example")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, "bücher.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await LicensedShop.ActivateAsync(client, purchase.Key, "three.example")).StatusCode);

        var activations = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/licenses/{purchase.LicenseId}/activations", ct);
        Assert.Equal(["one.example", "xn--bcher-kva.example"], activations.EnumerateArray().Select(a => a.GetProperty("value").GetString()).Order());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/admin/licenses/{purchase.LicenseId}/activations", ct)).StatusCode);

        var reset = await admin.PostAsync($"/api/admin/licenses/{purchase.LicenseId}/reset-activations", null, ct);
        Assert.Equal(2, (await reset.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("removed").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, "three.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await LicensedShop.ValidateAsync(client, purchase.Key, "one.example")).StatusCode);

        var bySku = await admin.GetFromJsonAsync<JsonElement>("/api/admin/licenses?sku=LIC-ADMIN&status=active", ct);
        Assert.Equal(1, bySku.EnumerateArray().Single().GetProperty("activationCount").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/admin/licenses/{Guid.NewGuid()}/reset-activations", null, ct)).StatusCode);

        // The refund feature's other entry point: revoke by key.
        var keyId = await app.QueryAsync(db => db.Set<License>().Where(l => l.Id == purchase.LicenseId).Select(l => l.KeyId).SingleAsync(ct));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ILicenses>().RevokeForKeysAsync([keyId], "refunded", ct));
            await db.SaveChangesAsync(ct);
        }
        var revoked = await LicensedShop.ValidateAsync(client, purchase.Key, "three.example");
        Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Revoked), (revoked.StatusCode, await LicensedShop.CodeAsync(revoked)));
    }

    [Fact]
    public async Task A_validation_moves_the_seats_last_seen_time_after_the_next_flush_and_never_backwards()
    {
        var clock = new ShiftedClock();
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Licensing:LastSeenFlushInterval"] = "00:00:00.200" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        var ct = TestContext.Current.CancellationToken;
        var purchase = await LicensedShop.BuyAsync(app, "LIC-SEEN");
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, "seen.example")).StatusCode);
        var activatedAt = await LastSeenAsync();
        Assert.NotNull(activatedAt);

        clock.Travel(TimeSpan.FromHours(5));
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ValidateAsync(client, purchase.Key, "seen.example")).StatusCode);
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        DateTime? seen;
        while ((seen = await LastSeenAsync()) <= activatedAt && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(50, ct);
        }
        Assert.InRange(seen!.Value - activatedAt!.Value, TimeSpan.FromHours(5) - TimeSpan.FromSeconds(5), TimeSpan.FromHours(5) + TimeSpan.FromSeconds(30));

        // A sighting older than the stored time (another instance flushed a later one) changes nothing.
        app.Services.GetRequiredService<ActivationSightings>().Seen(await app.QueryAsync(db => db.Set<Activation>().Select(a => a.Id).SingleAsync(ct)), activatedAt.Value);
        await Task.Delay(800, ct);
        Assert.Equal(seen, await LastSeenAsync());

        async Task<DateTime?> LastSeenAsync()
        {
            var activations = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/licenses/{purchase.LicenseId}/activations", ct);
            var value = activations.EnumerateArray().Single().GetProperty("lastSeenAt");
            return value.ValueKind == JsonValueKind.Null ? null : value.GetDateTime();
        }
    }

    [Fact]
    public async Task After_a_rotation_the_new_key_signs_and_leases_of_the_old_key_still_verify_against_the_jwks()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var purchase = await LicensedShop.BuyAsync(app, "LIC-ROTATE");
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, "rotate.example")).StatusCode);
        var before = await LicensedShop.LeaseAsync(client, purchase.Key, "rotate.example");

        var rotated = await (await app.Admin().PostAsync("/api/admin/licensing/signing-keys/rotate", null, ct)).Content.ReadFromJsonAsync<JsonElement>(ct);
        var after = await LicensedShop.LeaseAsync(client, purchase.Key, "rotate.example");
        Assert.Equal(rotated.GetProperty("kid").GetString(), new JsonWebToken(after).Kid);
        Assert.NotEqual(new JsonWebToken(before).Kid, new JsonWebToken(after).Kid);

        var jwks = await JwksAsync(app);
        Assert.Equal(2, jwks.GetProperty("keys").GetArrayLength());
        Assert.True((await JoseFixture.VerifyAsync(before, jwks, Issuer, Audience)).Ok);
        Assert.True((await JoseFixture.VerifyAsync(after, jwks, Issuer, Audience)).Ok);
        // The private keys are stored sealed, never as plain PKCS#8.
        var stored = await app.QueryAsync(db => db.Set<SigningKey>().Select(k => k.PrivateKey).ToListAsync(ct));
        Assert.All(stored, sealedKey => Assert.ThrowsAny<CryptographicException>(() => ECDsa.Create().ImportPkcs8PrivateKey(sealedKey, out _)));
    }

    [Fact]
    public async Task Activation_churn_is_refused_with_429_and_retry_after_per_key_and_per_client_address()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new OrderlyApp(new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:licensing-key:Burst"] = "3",
            ["RateLimits:licensing-key:Limit"] = "1",
            ["RateLimits:licensing-key:Period"] = "01:00:00",
            ["RateLimits:licensing-address:Burst"] = "6",
            ["RateLimits:licensing-address:Limit"] = "1",
            ["RateLimits:licensing-address:Period"] = "01:00:00",
            ["RateLimits:Checkout:Burst"] = "100",
        });
        var purchase = await LicensedShop.BuyAsync(app, "LIC-CHURN", new { activationLimit = 10 });
        var client = app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, $"churn-{i}.example")).StatusCode);
        }
        var perKey = await LicensedShop.ActivateAsync(client, purchase.Key, "churn-3.example");
        Assert.Equal(HttpStatusCode.TooManyRequests, perKey.StatusCode);
        Assert.Equal("rate_limit.exceeded", await LicensedShop.CodeAsync(perKey));
        Assert.True(perKey.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));

        // Other keys from the same address: the address budget (6) runs out next.
        Assert.Equal(HttpStatusCode.Forbidden, (await LicensedShop.ActivateAsync(client, "GUESS-0001", "churn.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await LicensedShop.ActivateAsync(client, "GUESS-0002", "churn.example")).StatusCode);
        var perAddress = await LicensedShop.ActivateAsync(client, "GUESS-0003", "churn.example");
        Assert.Equal(HttpStatusCode.TooManyRequests, perAddress.StatusCode);
        Assert.NotNull(perAddress.Headers.RetryAfter);
        Assert.Equal(3, await app.QueryAsync(db => db.Set<Activation>().CountAsync(a => a.LicenseId == purchase.LicenseId, ct)));
    }
}
