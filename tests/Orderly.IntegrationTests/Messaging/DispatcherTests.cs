using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;
using Orderly.Orders.Contracts;

namespace Orderly.IntegrationTests.Messaging;

/// <summary>A handler whose dependency is down until a test "repairs" it.</summary>
internal sealed class FlakyDependency
{
    public int Calls;
    public volatile bool Healthy;
}

internal sealed class CallsFlakyDependency(FlakyDependency dependency) : IMessageHandler<OrderPlaced>
{
    public Task HandleAsync(OrderPlaced message, MessageContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref dependency.Calls);
        return dependency.Healthy ? Task.CompletedTask : throw new HttpRequestException("dependency unavailable");
    }
}

public sealed class DispatcherTests
{
    [Fact]
    public async Task A_failing_handler_is_retried_with_backoff_then_dead_lettered_and_an_admin_retry_completes_it()
    {
        var dependency = new FlakyDependency();
        await using var app = new OrderlyApp(
            new Dictionary<string, string?> { ["Messaging:MaxAttempts"] = "3", ["Messaging:BackoffBase"] = "00:00:00.020" },
            services => services.AddSingleton(dependency).AddMessageHandler<OrderPlaced, CallsFlakyDependency>());
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("FLAKY")).StatusCode);
        await app.ImportKeysAsync("FLAKY", ["F-1"]);
        var (orderId, total) = await app.PlaceOrderAsync($"flaky-{Guid.NewGuid():N}@example.com", ("FLAKY", 1));

        await app.WaitUntilAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Handler == nameof(CallsFlakyDependency) && m.Status == OutboxStatus.DeadLettered), "the row is dead-lettered");
        Assert.Equal(3, dependency.Calls);

        // The other subscribers of the same message were not held back by the failing one.
        await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total));
        await app.WaitForOrderStatusAsync(orderId, "completed");

        var deadLetters = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/dead-letters", ct);
        var row = deadLetters.EnumerateArray().Single();
        Assert.Equal(nameof(CallsFlakyDependency), row.GetProperty("handler").GetString());
        Assert.Equal(3, row.GetProperty("attempts").GetInt32());
        Assert.Contains("dependency unavailable", row.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        // Admins are alerted in-app (and by e-mail when an address is set).
        await app.WaitUntilAsync(db => db.Set<Orderly.Delivery.Notification>().AnyAsync(n => n.CustomerId == null && n.Kind == "dead_letter"), "a dead-letter alert exists");

        dependency.Healthy = true;
        var retry = await app.Admin().PostAsync($"/api/admin/dead-letters/{row.GetProperty("id").GetInt64()}/retry", null, ct);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        await app.WaitUntilAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Handler == nameof(CallsFlakyDependency) && m.Status == OutboxStatus.Done), "the retried row completes");
        Assert.Equal(4, dependency.Calls);
        Assert.Empty((await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/dead-letters", ct)).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Admin().PostAsync("/api/admin/dead-letters/999999/retry", null, ct)).StatusCode);
    }

    [Fact]
    public async Task Acknowledged_payments_survive_a_restart_before_delivery_and_rows_leased_by_the_dead_process_are_taken_over()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        var orders = new List<Guid>();
        try
        {
            // First process: takes orders and payments, but dies before its dispatcher delivers anything.
            await using (var first = new OrderlyApp(new Dictionary<string, string?> { ["Messaging:DispatcherEnabled"] = "false" }, dataDir: dataDir))
            {
                Assert.Equal(HttpStatusCode.Created, (await first.CreateProductAsync("RESTART")).StatusCode);
                await first.ImportKeysAsync("RESTART", Enumerable.Range(1, 5).Select(i => $"R-{i}"));
                for (var i = 0; i < 5; i++)
                {
                    var (orderId, total) = await first.PlaceOrderAsync($"restart-{i}-{Guid.NewGuid():N}@example.com", ("RESTART", 1));
                    Assert.Equal(HttpStatusCode.OK, (await first.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total))).StatusCode);
                    orders.Add(orderId);
                }
                // Some rows were mid-delivery: leased by the process that is about to die. Embedded
                // mode releases them at the next start; with PostgreSQL (other instances may be alive)
                // they are taken over when the lease runs out, here after 3 s.
                await first.QueryAsync(db => db.Set<OutboxMessage>().Where(m => m.Id % 2 == 0)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockToken, Guid.NewGuid()).SetProperty(m => m.LockedUntil, TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(3))));
                Assert.Equal("pending", (await first.GetOrderAsync(orders[0])).GetProperty("status").GetString());
            }

            // Second process on the same data: everything acknowledged is delivered.
            await using var second = new OrderlyApp(dataDir: dataDir);
            foreach (var orderId in orders)
            {
                await second.WaitForOrderStatusAsync(orderId, "completed");
            }
            await second.WaitUntilAsync(db => db.Set<Orderly.Delivery.SentEmail>().CountAsync().ContinueWith(t => t.Result == 5, TaskScheduler.Default), "five delivery e-mails are recorded");
            await second.WaitUntilAsync(async db => !await db.Set<OutboxMessage>().AnyAsync(m => m.Status != OutboxStatus.Done), "every outbox row is done");
            Assert.Equal(5, await second.QueryAsync(db => db.Set<Orderly.Delivery.SentEmail>().CountAsync()));
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }
}
