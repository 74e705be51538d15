using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Reseller.Webhooks;
using static Orderly.IntegrationTests.Reseller.ResellerShop;

namespace Orderly.IntegrationTests.Reseller;

/// <summary>The per-endpoint webhook concurrency cap holds across instances through Redis (started by test.sh).</summary>
public sealed class WebhookCapAcrossInstancesTests
{
    private static Dictionary<string, string?> Settings(string redis) => new()
    {
        ["ConnectionStrings:Redis"] = redis,
        ["Messaging:ReleaseLeasesOnStart"] = "false",
        ["Reseller:Webhooks:RequireHttps"] = "false",
        ["Reseller:Webhooks:AllowPrivateTargets"] = "true",
        ["Reseller:Webhooks:PollInterval"] = "00:00:00.050",
        ["Reseller:Webhooks:MaxConcurrencyPerEndpoint"] = "2",
    };

    [Fact]
    public async Task Two_instances_share_one_cap_per_endpoint()
    {
        var redis = Environment.GetEnvironmentVariable("ORDERLY_TEST_REDIS")
            ?? throw new InvalidOperationException("No Redis configured (ORDERLY_TEST_REDIS): run ./test.sh, it starts one.");
        var ct = TestContext.Current.CancellationToken;
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var receiver = new WebhookReceiver(_ => 200) { Delay = TimeSpan.FromMilliseconds(300) };
            await using var a = new OrderlyApp(Settings(redis), dataDir: dataDir);
            _ = a.Services;
            await using var b = new OrderlyApp(Settings(redis), dataDir: dataDir);
            var gateA = a.Services.GetRequiredService<IEndpointGate>();
            var gateB = b.Services.GetRequiredService<IEndpointGate>();
            Assert.IsType<RedisEndpointGate>(gateA);

            // The semaphore itself: two slots taken on A leave none for B until one is given back.
            var endpoint = Guid.NewGuid();
            var first = await gateA.EnterAsync(endpoint, 2, TimeSpan.FromSeconds(30), ct);
            var second = await gateA.EnterAsync(endpoint, 2, TimeSpan.FromSeconds(30), ct);
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                wait.CancelAfter(TimeSpan.FromMilliseconds(500));
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gateB.EnterAsync(endpoint, 2, TimeSpan.FromSeconds(30), wait.Token));
            }
            await first.DisposeAsync();
            var third = await gateB.EnterAsync(endpoint, 2, TimeSpan.FromSeconds(30), ct);
            await second.DisposeAsync();
            await third.DisposeAsync();
            // A slot whose holder vanished frees itself when its hold runs out.
            _ = await gateA.EnterAsync(endpoint, 1, TimeSpan.FromMilliseconds(300), ct);
            using (var expiry = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                expiry.CancelAfter(TimeSpan.FromSeconds(10));
                await (await gateB.EnterAsync(endpoint, 1, TimeSpan.FromSeconds(30), expiry.Token)).DisposeAsync();
            }

            // End to end: both instances send; one slow endpoint never has more than two requests in flight.
            Assert.Equal(HttpStatusCode.Created, (await a.CreateProductAsync("CAP-X", lowStockThreshold: 0)).StatusCode);
            await a.ImportKeysAsync("CAP-X", Enumerable.Range(1, 10).Select(i => $"CAP-X-{Guid.NewGuid():N}-{i}"));
            var merchant = await MerchantAsync(a, topUpMinor: 10_000);
            await Json(await a.Admin().PostAsJsonAsync($"/api/admin/reseller/merchants/{merchant.MerchantId}/webhooks",
                new { url = receiver.Url, events = new[] { "order.paid" } }, ct), HttpStatusCode.Created);
            await Task.WhenAll(Enumerable.Range(1, 10).Select(i => OrderAsync(i % 2 == 0 ? a : b, Body(merchant.Key, "CAP-X", 1m, externalId: $"CAP-X-{i}"))));

            var deadline = TimeProvider.System.GetUtcNow().AddSeconds(60);
            while (receiver.Accepted.Count < 10 && TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(100, ct);
            }
            Assert.Equal(10, receiver.Accepted.Count);
            Assert.Equal(2, receiver.MaxInFlight);
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }
}
