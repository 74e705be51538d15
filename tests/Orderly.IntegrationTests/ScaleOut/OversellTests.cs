using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Inventory;

namespace Orderly.IntegrationTests.ScaleOut;

/// <summary>Three instances on one database, 2,000 buyers for 500 keys.</summary>
public sealed class OversellTests
{
    [Fact]
    public async Task Three_instances_sell_exactly_the_pool_and_stock_always_adds_up()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Messaging:ReleaseLeasesOnStart"] = "false", ["Orderly:Roles"] = "web" };
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await using var a = new OrderlyApp(settings, dataDir: dataDir);
            _ = a.Services;
            await using var b = new OrderlyApp(settings, dataDir: dataDir);
            await using var c = new OrderlyApp(settings, dataDir: dataDir);
            Assert.Equal(HttpStatusCode.Created, (await a.CreateProductAsync("RUSH", lowStockThreshold: 0)).StatusCode);
            await a.ImportKeysAsync("RUSH", Enumerable.Range(1, 500).Select(i => $"RUSH-{i:D5}"));
            var apps = new[] { a, b, c };
            var clients = apps.Select(app => app.CreateClient()).ToArray();

            // An invariant sampler runs throughout: no unit appears or disappears, none goes negative.
            using var stop = new CancellationTokenSource();
            var violations = new List<string>();
            var samples = 0;
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var item = await a.QueryAsync(db => db.Set<StockItem>().AsNoTracking().SingleAsync(i => i.Sku == "RUSH"));
                    samples++;
                    if (item.Available < 0 || item.Reserved < 0 || item.Available + item.Reserved + item.Allocated != item.Received)
                    {
                        violations.Add($"available {item.Available} + reserved {item.Reserved} + allocated {item.Allocated} != received {item.Received}");
                    }
                    await Task.Delay(20, CancellationToken.None);
                }
            }, CancellationToken.None);

            var results = new HttpStatusCode[2000];
            await Parallel.ForEachAsync(Enumerable.Range(0, 2000), new ParallelOptions { MaxDegreeOfParallelism = 48, CancellationToken = ct }, async (i, token) =>
            {
                using var response = await clients[i % 3].PostAsJsonAsync("/api/checkout", new { email = $"rush-{i}@example.com", items = new[] { new { sku = "RUSH", quantity = 1 } } }, token);
                results[i] = response.StatusCode;
            });
            await stop.CancelAsync();
            await sampler;

            Assert.Equal(500, results.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(1500, results.Count(s => s == HttpStatusCode.Conflict));
            Assert.Empty(violations);
            Assert.True(samples > 3, $"the sampler ran {samples} times");
            var stock = await a.Admin().GetFromJsonAsync<JsonElement>("/api/admin/products/RUSH/stock", ct);
            Assert.Equal((0, 500), (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32()));
            Assert.Equal(500, await a.QueryAsync(db => db.Set<Reservation>().CountAsync(r => r.Status == ReservationStatus.Active)));
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }
}
