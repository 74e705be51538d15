using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using RabbitMQ.Client;

namespace Orderly.IntegrationTests.Messaging;

/// <summary>What one instance's handler saw: the message ids it handled and the attempt numbers.</summary>
internal sealed class HandledHere
{
    public ConcurrentQueue<(Guid MessageId, int Attempt)> Calls { get; } = new();
    public volatile bool Healthy = true;
}

/// <summary>Takes a little time, so work piles up and both instances' consumers get some.</summary>
internal sealed class RecordsOrders(HandledHere here) : IMessageHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced message, MessageContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(20, cancellationToken);
        here.Calls.Enqueue((context.MessageId, context.Attempt));
    }
}

/// <summary>Fails its first two attempts (and every attempt while unhealthy).</summary>
internal sealed class FailsBeforeThirdAttempt(HandledHere here) : IMessageHandler<OrderPlaced>
{
    public Task HandleAsync(OrderPlaced message, MessageContext context, CancellationToken cancellationToken)
    {
        here.Calls.Enqueue((context.MessageId, context.Attempt));
        return context.Attempt >= 3 && here.Healthy ? Task.CompletedTask : throw new HttpRequestException($"attempt {context.Attempt} fails");
    }
}

/// <summary>The handlers run on RabbitMQ consumers (Messaging:Transport=rabbitmq), on a real broker started by test.sh.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqTransportTests
{
    private static Dictionary<string, string?> Transport(string prefix, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = RabbitMqControl.Url,
            ["Messaging:Transport"] = "rabbitmq",
            ["Messaging:ReleaseLeasesOnStart"] = "false",
            ["RabbitMq:QueuePrefix"] = prefix,
            ["RabbitMq:Exchange"] = $"{prefix}.events",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static string NewPrefix() => $"orderly.test.{Guid.NewGuid():N}";

    [Fact]
    public async Task Two_instances_compete_for_the_handler_queues_and_each_message_is_handled_exactly_once()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        var settings = Transport(NewPrefix());
        var (firstHere, secondHere) = (new HandledHere(), new HandledHere());
        try
        {
            await using var first = new OrderlyApp(settings, s => s.AddSingleton(firstHere).AddMessageHandler<OrderPlaced, RecordsOrders>(), dataDir);
            _ = first.Services; // the first instance creates the schema and the key ring
            await using var second = new OrderlyApp(settings, s => s.AddSingleton(secondHere).AddMessageHandler<OrderPlaced, RecordsOrders>(), dataDir);
            _ = second.Services;
            Assert.Equal(HttpStatusCode.Created, (await first.CreateProductAsync("COMPETE")).StatusCode);
            await first.ImportKeysAsync("COMPETE", Enumerable.Range(1, 40).Select(i => $"COMPETE-{i:D3}"));
            var apps = new[] { first, second };

            await Task.WhenAll(Enumerable.Range(0, 40).Select(i => apps[i % 2].PlaceOrderAsync($"compete-{i}-{Guid.NewGuid():N}@example.com", ("COMPETE", 1))));
            await first.WaitUntilAsync(async db => await db.Set<OutboxMessage>().CountAsync(m => m.Handler == nameof(RecordsOrders) && m.Status == OutboxStatus.Done) == 40,
                "all 40 deliveries are done", TimeSpan.FromSeconds(60));

            var handled = firstHere.Calls.Concat(secondHere.Calls).Select(c => c.MessageId).ToList();
            var published = await first.QueryAsync(db => db.Set<OutboxMessage>().Where(m => m.Handler == nameof(RecordsOrders)).Select(m => m.MessageId).ToListAsync());
            Assert.Equal(40, handled.Count);
            Assert.Equal(published.Order(), handled.Order());
            Assert.NotEmpty(firstHere.Calls);
            Assert.NotEmpty(secondHere.Calls);
            Assert.Equal(40, await first.QueryAsync(db => db.Set<InboxEntry>().CountAsync(i => i.Handler == nameof(RecordsOrders))));
            Assert.Equal(HttpStatusCode.OK, (await second.CreateClient().GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }

    [Fact]
    public async Task A_failing_handler_is_retried_from_the_outbox_and_its_effects_commit_once()
    {
        var here = new HandledHere();
        await using var app = new OrderlyApp(Transport(NewPrefix()), s => s.AddSingleton(here).AddMessageHandler<OrderPlaced, FailsBeforeThirdAttempt>());
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("RETRY")).StatusCode);
        await app.ImportKeysAsync("RETRY", ["RETRY-1"]);
        await app.PlaceOrderAsync($"retry-{Guid.NewGuid():N}@example.com", ("RETRY", 1));

        await app.WaitUntilAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Handler == nameof(FailsBeforeThirdAttempt) && m.Status == OutboxStatus.Done), "the delivery is done");
        // Each failure went back through the outbox (attempt + 1) before the broker saw the message again.
        Assert.Equal([1, 2, 3], here.Calls.Select(c => c.Attempt));
        Assert.Single(here.Calls.Select(c => c.MessageId).Distinct());
        var row = await app.QueryAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.Handler == nameof(FailsBeforeThirdAttempt)));
        Assert.Equal(2, row.Attempts);
        Assert.Contains("attempt 2 fails", row.LastError, StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.Set<InboxEntry>().CountAsync(i => i.Handler == nameof(FailsBeforeThirdAttempt))));
    }

    [Fact]
    public async Task A_relayed_message_lost_inside_the_broker_is_relayed_again_after_the_relay_timeout()
    {
        var here = new HandledHere();
        await using var app = new OrderlyApp(Transport(NewPrefix(), ("Messaging:RelayTimeout", "00:00:01")), s => s.AddSingleton(here).AddMessageHandler<OrderPlaced, RecordsOrders>());
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("LOST")).StatusCode);
        await app.ImportKeysAsync("LOST", ["LOST-1"]);
        await app.PlaceOrderAsync($"lost-{Guid.NewGuid():N}@example.com", ("LOST", 1));
        await app.WaitUntilAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Handler == nameof(RecordsOrders) && m.Status == OutboxStatus.Done), "the delivery is done");
        var messageId = Assert.Single(here.Calls).MessageId;

        // As if the broker had confirmed the message and then lost it before any consumer saw it:
        // the row is relayed, long ago, and no handler ever ran.
        await app.QueryAsync(async db =>
        {
            await db.Set<InboxEntry>().Where(i => i.MessageId == messageId && i.Handler == nameof(RecordsOrders)).ExecuteDeleteAsync();
            return await db.Set<OutboxMessage>().Where(m => m.MessageId == messageId && m.Handler == nameof(RecordsOrders))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Relayed).SetProperty(m => m.NextAttemptAt, DateTime.UnixEpoch));
        });

        await app.WaitUntilAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.MessageId == messageId && m.Handler == nameof(RecordsOrders) && m.Status == OutboxStatus.Done),
            "the lost message is relayed again and handled", TimeSpan.FromSeconds(30));
        Assert.Equal([messageId, messageId], here.Calls.Select(c => c.MessageId));
    }

    [Fact]
    public async Task Exhausted_retries_become_a_dead_letter_in_the_admin_api_and_an_admin_retry_completes_it()
    {
        var here = new HandledHere { Healthy = false };
        await using var app = new OrderlyApp(Transport(NewPrefix(), ("Messaging:MaxAttempts", "3")), s => s.AddSingleton(here).AddMessageHandler<OrderPlaced, FailsBeforeThirdAttempt>());
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("DEAD")).StatusCode);
        await app.ImportKeysAsync("DEAD", ["DEAD-1"]);
        await app.PlaceOrderAsync($"dead-{Guid.NewGuid():N}@example.com", ("DEAD", 1));

        await app.WaitUntilAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Handler == nameof(FailsBeforeThirdAttempt) && m.Status == OutboxStatus.DeadLettered), "the delivery is dead-lettered");
        var deadLetter = (await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/dead-letters", ct)).EnumerateArray().Single();
        Assert.Equal(nameof(FailsBeforeThirdAttempt), deadLetter.GetProperty("handler").GetString());
        Assert.Equal(3, deadLetter.GetProperty("attempts").GetInt32());
        Assert.Contains("attempt 3 fails", deadLetter.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, here.Calls.Count);
        await app.WaitUntilAsync(db => db.Set<Orderly.Delivery.Notification>().AnyAsync(n => n.CustomerId == null && n.Kind == "dead_letter"), "a dead-letter alert exists");

        // The admin retry puts the row back in the outbox; it is relayed and consumed again from attempt 1.
        here.Healthy = true;
        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin().PostAsync($"/api/admin/dead-letters/{deadLetter.GetProperty("id").GetInt64()}/retry", null, ct)).StatusCode);
        await app.WaitUntilAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Handler == nameof(FailsBeforeThirdAttempt) && m.Status == OutboxStatus.Done), "the retried delivery is done");
        Assert.Equal([1, 2, 3, 1, 2, 3], here.Calls.Select(c => c.Attempt));
        Assert.Empty((await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/dead-letters", ct)).EnumerateArray());
    }

    [Fact]
    public async Task Poison_messages_go_to_the_dead_letter_queue_and_the_consumer_carries_on()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = NewPrefix();
        await using var app = new OrderlyApp(Transport(prefix));
        _ = app.Services;
        var factory = new ConnectionFactory { Uri = new Uri(RabbitMqControl.Url) };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);

        async Task<string> PublishAsync(string? type, string body, bool attemptHeader = true)
        {
            var id = Guid.NewGuid().ToString();
            var properties = new BasicProperties
            {
                MessageId = id,
                Type = type,
                DeliveryMode = DeliveryModes.Persistent,
                Headers = new Dictionary<string, object?> { ["orderly-enqueued-at"] = "2026-11-22T10:00:00.0000000Z" },
            };
            if (attemptHeader)
            {
                properties.Headers["orderly-attempt"] = 1;
            }
            await channel.BasicPublishAsync("", $"{prefix}.handler.EnsureAccount", mandatory: true, properties, Encoding.UTF8.GetBytes(body), ct);
            return id;
        }

        var poison = new[]
        {
            await PublishAsync("orders.order_placed", "{not json"),
            await PublishAsync("orders.order_placed", "{}", attemptHeader: false),
            await PublishAsync("orders.no_such_message", "{}"),
            await PublishAsync(null, "{}"),
        };

        var deadLettered = new List<string>();
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        while (deadLettered.Count < poison.Length && TimeProvider.System.GetUtcNow() < deadline)
        {
            if (await channel.BasicGetAsync($"{prefix}.dead-letters", autoAck: true, ct) is { } message)
            {
                deadLettered.Add(message.BasicProperties.MessageId!);
                continue;
            }
            await Task.Delay(50, ct);
        }
        Assert.Equal(poison.Order(), deadLettered.Order());

        // The same consumer still handles real work.
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("POISON")).StatusCode);
        await app.ImportKeysAsync("POISON", ["POISON-1"]);
        var (orderId, total) = await app.PlaceOrderAsync($"poison-{Guid.NewGuid():N}@example.com", ("POISON", 1));
        await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total));
        await app.WaitForOrderStatusAsync(orderId, "completed");
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready", ct)).StatusCode);
        await app.WaitUntilAsync(async db => !await db.Set<OutboxMessage>().AnyAsync(m => m.Status != OutboxStatus.Done), "every outbox row is done");
    }
}
