using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.Audit;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;

namespace Orderly.IntegrationTests.Messaging;

/// <summary>Two Orderly instances on one database, each with its own dispatcher and sealer.</summary>
public sealed class TwoInstancesTests
{
    [Fact]
    public async Task Orders_split_across_two_instances_with_every_event_sent_to_both_are_each_fulfilled_once()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        var shared = new Dictionary<string, string?> { ["Messaging:ReleaseLeasesOnStart"] = "false" };
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await using var first = new OrderlyApp(shared, dataDir: dataDir);
            _ = first.Services; // first instance creates the schema and the key ring
            await using var second = new OrderlyApp(shared, dataDir: dataDir);
            Assert.Equal(HttpStatusCode.Created, (await first.CreateProductAsync("TWIN")).StatusCode);
            await first.ImportKeysAsync("TWIN", Enumerable.Range(1, 60).Select(i => $"TWIN-{i:D3}"));
            var apps = new[] { first, second };

            var orders = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
                apps[i % 2].PlaceOrderAsync($"twin-{i}-{Guid.NewGuid():N}@example.com", ("TWIN", 1))));
            var payloads = orders.Select(o => StripeEvents.PaymentIntentSucceeded(o.OrderId, o.Total)).ToList();
            var headers = await StripeFixture.SignatureHeadersAsync(payloads, OrderlyApp.WebhookSecret);
            var deliveries = payloads.Zip(headers).SelectMany(p => apps.Select(app => (App: app, Payload: p.First, Header: p.Second))).ToArray();
            Random.Shared.Shuffle(deliveries);
            await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (d, _) =>
                Assert.Equal(HttpStatusCode.OK, (await d.App.PostStripeAsync(d.Payload, d.Header)).StatusCode));

            foreach (var (orderId, _) in orders)
            {
                await first.WaitForOrderStatusAsync(orderId, "completed", TimeSpan.FromSeconds(60));
            }
            await first.WaitUntilAsync(async db => await db.Set<Orderly.Delivery.SentEmail>().CountAsync() == 60, "60 delivery e-mails are recorded", TimeSpan.FromSeconds(60));
            await first.WaitUntilAsync(async db => !await db.Set<OutboxMessage>().AnyAsync(m => m.Status != OutboxStatus.Done), "every outbox row is done", TimeSpan.FromSeconds(60));

            Assert.Equal(60, await first.QueryAsync(db => db.Set<Orderly.Delivery.SentEmail>().CountAsync()));
            Assert.Equal(60, await first.QueryAsync(db => db.Set<Orderly.Delivery.SentEmail>().Select(e => e.OrderId).Distinct().CountAsync()));
            var keys = await first.QueryAsync(db => db.Set<Orderly.Keys.LicenseKey>().Where(k => k.OrderLineId != null).Select(k => k.OrderLineId).ToListAsync());
            Assert.Equal(60, keys.Count);
            Assert.Equal(60, keys.Distinct().Count());
            // Every outbox row ran its handler exactly once (one inbox entry each), whichever instance took it.
            Assert.Equal(await first.QueryAsync(db => db.Set<OutboxMessage>().CountAsync()), await first.QueryAsync(db => db.Set<InboxEntry>().CountAsync()));

            // Both sealers ran; the chain they built together is intact.
            await second.Services.GetRequiredService<AuditSealWorker>().RunOnceAsync(ct);
            await first.Services.GetRequiredService<AuditSealWorker>().RunOnceAsync(ct);
            var verdict = await first.Admin().GetFromJsonAsync<JsonElement>("/api/admin/audit/verify", ct);
            Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
            Assert.Equal(0, verdict.GetProperty("unsealed").GetInt64());
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }

    [Fact]
    public async Task A_web_instance_takes_orders_and_a_worker_instance_fulfills_them()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await using var web = new OrderlyApp(new Dictionary<string, string?> { ["Orderly:Roles"] = "web", ["Messaging:ReleaseLeasesOnStart"] = "false" }, dataDir: dataDir);
            Assert.Equal(HttpStatusCode.Created, (await web.CreateProductAsync("ROLE")).StatusCode);
            await web.ImportKeysAsync("ROLE", ["ROLE-1"]);
            var (orderId, total) = await web.PlaceOrderAsync($"role-{Guid.NewGuid():N}@example.com", ("ROLE", 1));
            Assert.Equal(HttpStatusCode.OK, (await web.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total))).StatusCode);
            await Task.Delay(500, ct);
            Assert.Equal("pending", (await web.GetOrderAsync(orderId)).GetProperty("status").GetString());

            await using var worker = new OrderlyApp(new Dictionary<string, string?> { ["Orderly:Roles"] = "worker", ["Messaging:ReleaseLeasesOnStart"] = "false" }, dataDir: dataDir);
            var workerClient = worker.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await workerClient.GetAsync("/health/ready", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await worker.CheckoutAsync("x@example.com", ("ROLE", 1))).StatusCode);

            await web.WaitForOrderStatusAsync(orderId, "completed");
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }
}
