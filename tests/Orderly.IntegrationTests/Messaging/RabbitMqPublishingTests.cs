using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Orderly.IntegrationTests.Infrastructure;
using RabbitMQ.Client;

namespace Orderly.IntegrationTests.Messaging;

/// <summary>Integration events leave through the outbox to a real RabbitMQ (started by test.sh).</summary>
[Collection(RabbitMqCollection.Name)]
public sealed partial class RabbitMqPublishingTests
{
    [GeneratedRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")]
    private static partial Regex TraceParent();

    [Fact]
    public async Task The_events_of_a_paid_order_reach_the_broker_persistent_with_message_ids_and_trace_context()
    {
        var amqp = Environment.GetEnvironmentVariable("ORDERLY_TEST_RABBITMQ")
            ?? throw new InvalidOperationException("No RabbitMQ configured (ORDERLY_TEST_RABBITMQ): run ./test.sh, it starts one.");
        var ct = TestContext.Current.CancellationToken;
        var exchange = $"orderly.test.{Guid.NewGuid():N}";
        var factory = new ConnectionFactory { Uri = new Uri(amqp) };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: ct)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "#", cancellationToken: ct);
        try
        {
            await using var app = new OrderlyApp(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = amqp, ["RabbitMq:Exchange"] = exchange });
            Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("AMQP")).StatusCode);
            await app.ImportKeysAsync("AMQP", ["AMQP-1"]);
            var (orderId, total) = await app.PlaceOrderAsync($"amqp-{Guid.NewGuid():N}@example.com", ("AMQP", 1));
            await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total));
            await app.WaitForOrderStatusAsync(orderId, "completed");
            Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/health/ready", ct)).StatusCode);

            var wanted = new[] { "orders.order_placed", "accounts.account_ready", "payments.payment_succeeded", "fulfillment.order_fulfilled" };
            var received = new List<(string RoutingKey, IReadOnlyBasicProperties Properties, string Body)>();
            var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
            while (!wanted.All(w => received.Any(r => r.RoutingKey == w)) && TimeProvider.System.GetUtcNow() < deadline)
            {
                var message = await channel.BasicGetAsync(queue, autoAck: true, ct);
                if (message is null)
                {
                    await Task.Delay(50, ct);
                    continue;
                }
                received.Add((message.RoutingKey, message.BasicProperties, Encoding.UTF8.GetString(message.Body.Span)));
            }

            var ofOrder = received.Where(r => r.Body.Contains(orderId.ToString(), StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.All(wanted, w => Assert.Contains(ofOrder, r => r.RoutingKey == w));
            Assert.All(ofOrder, r =>
            {
                Assert.True(Guid.TryParse(r.Properties.MessageId, out _));
                Assert.Equal(DeliveryModes.Persistent, r.Properties.DeliveryMode);
                Assert.Equal("application/json", r.Properties.ContentType);
                var traceParent = Encoding.UTF8.GetString((byte[])r.Properties.Headers!["traceparent"]!);
                Assert.Matches(TraceParent(), traceParent);
            });
            Assert.Equal(ofOrder.Count, ofOrder.Select(r => r.Properties.MessageId).Distinct().Count());
            // Secrets never travel: the fulfilled event carries key ids, not codes.
            Assert.DoesNotContain(ofOrder, r => r.Body.Contains("AMQP-1", StringComparison.Ordinal));
        }
        finally
        {
            await channel.ExchangeDeleteAsync(exchange, cancellationToken: CancellationToken.None);
        }
    }
}
