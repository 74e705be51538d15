using System.Net;
using Microsoft.Extensions.Time.Testing;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Licensing;
using Orderly.Licensing.Client;

namespace Orderly.IntegrationTests.Licensing;

/// <summary>The client library against the real server: offline verification, revalidation, grace through an outage, refusals.</summary>
public sealed class LicenseClientTests
{
    /// <summary>Between the client and the server: counts requests and, while <see cref="Down"/>, fails them as a dead network would.</summary>
    private sealed class Outage : DelegatingHandler
    {
        public bool Down { get; set; }
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Down)
            {
                throw new HttpRequestException("Connection refused (simulated outage).");
            }
            Requests++;
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static readonly object Policy = new
    {
        plan = "yearly",
        activationLimit = 1,
        leaseLifetime = "7.00:00:00",
        revalidationInterval = "1.00:00:00",
        graceWindow = "3.00:00:00",
        entitlements = new[] { "updates" },
    };

    private static LicenseClient Client(HttpClient http, string key, string domain, string cachePath, TimeProvider time) =>
        new(http, new LicenseClientOptions
        {
            Key = key,
            Domain = domain,
            Issuer = "http://orderly.test",
            CachePath = cachePath,
        }, time);

    [Fact]
    public async Task The_client_runs_offline_on_its_cached_lease_then_on_grace_through_an_outage_and_stops_when_grace_ends()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var purchase = await LicensedShop.BuyAsync(app, "LIC-CLIENT", Policy);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var outage = new Outage();
        using var http = app.CreateDefaultClient(outage);
        var cachePath = Path.Combine(app.DataDir, "lease.json");

        var activated = await Client(http, purchase.Key, "https://www.client.example/", cachePath, time).ActivateAsync(ct);
        Assert.Equal(LicenseState.Valid, activated.State);
        Assert.True(activated.Lease!.HasEntitlement("updates"));
        Assert.Equal("client.example", activated.Lease.Domain);

        // A restart with the server down: the cached lease verifies offline, without a request.
        outage.Down = true;
        var restarted = Client(http, purchase.Key, "https://www.client.example/", cachePath, time);
        Assert.Equal(LicenseState.Valid, (await restarted.CheckAsync(ct)).State);

        time.Advance(TimeSpan.FromDays(2)); // due for revalidation, lease still valid
        Assert.Equal(LicenseState.Valid, (await restarted.CheckAsync(ct)).State);
        time.Advance(TimeSpan.FromDays(6)); // lease expired 1 day ago, grace has 2 days left
        var grace = await restarted.CheckAsync(ct);
        Assert.Equal(LicenseState.Grace, grace.State);
        Assert.True(grace.IsLicensed);
        // Grace over. A minute more: the server stamps leases in whole seconds, a moment after this clock started.
        time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        var lapsed = await restarted.CheckAsync(ct);
        Assert.Equal((LicenseState.Invalid, "unreachable"), (lapsed.State, lapsed.Reason));

        // A copied cache file does not license another domain, even with the server down.
        var copied = Client(http, purchase.Key, "pirate.example", cachePath, new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        Assert.Equal(LicenseState.Invalid, (await copied.CheckAsync(ct)).State);
    }

    [Fact]
    public async Task A_due_client_revalidates_and_a_suspension_ends_its_license_at_once_even_inside_grace()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var purchase = await LicensedShop.BuyAsync(app, "LIC-CLIENT-2", Policy);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var outage = new Outage();
        using var http = app.CreateDefaultClient(outage);
        var cachePath = Path.Combine(app.DataDir, "lease.json");
        var client = Client(http, purchase.Key, "client2.example", cachePath, time);
        Assert.Equal(LicenseState.Valid, (await client.ActivateAsync(ct)).State);

        var requests = outage.Requests;
        Assert.Equal(LicenseState.Valid, (await client.CheckAsync(ct)).State);
        Assert.Equal(requests, outage.Requests); // fresh: no request

        time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(LicenseState.Valid, (await client.CheckAsync(ct)).State);
        Assert.Equal(requests + 1, outage.Requests); // due: one validation

        Assert.Equal(HttpStatusCode.OK, (await app.Admin().PostAsync($"/api/admin/licenses/{purchase.LicenseId}/suspend", null, ct)).StatusCode);
        time.Advance(TimeSpan.FromDays(1));
        var suspended = await client.CheckAsync(ct);
        Assert.Equal((LicenseState.Invalid, LicensingErrors.Suspended), (suspended.State, suspended.Reason));
        Assert.False(File.Exists(cachePath));

        var refused = await Assert.ThrowsAsync<LicenseRefusedException>(() =>
            Client(http, purchase.Key, "second-site.example", Path.Combine(app.DataDir, "other.json"), time).ActivateAsync(ct));
        Assert.Equal(LicensingErrors.Suspended, refused.Code);
    }
}
