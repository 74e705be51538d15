using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Delivery;

/// <summary>Live notifications cross instances through a real Redis (started by test.sh).</summary>
public sealed class RedisFanoutTests
{
    [Fact]
    public async Task A_buyer_streaming_from_a_web_instance_sees_what_a_worker_instance_delivered()
    {
        var redis = Environment.GetEnvironmentVariable("ORDERLY_TEST_REDIS")
            ?? throw new InvalidOperationException("No Redis configured (ORDERLY_TEST_REDIS): run ./test.sh, it starts one.");
        var ct = TestContext.Current.CancellationToken;
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var worker = new OrderlyApp(new Dictionary<string, string?>
            {
                ["Orderly:Roles"] = "worker", ["ConnectionStrings:Redis"] = redis, ["Messaging:ReleaseLeasesOnStart"] = "false",
            }, dataDir: dataDir);
            _ = worker.Services;
            await using var web = new OrderlyApp(new Dictionary<string, string?>
            {
                ["Orderly:Roles"] = "web", ["ConnectionStrings:Redis"] = redis, ["Messaging:ReleaseLeasesOnStart"] = "false",
            }, dataDir: dataDir);
            Assert.Equal(HttpStatusCode.OK, (await web.CreateClient().GetAsync("/health/ready", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await web.CreateProductAsync("FAN")).StatusCode);
            await web.ImportKeysAsync("FAN", ["FAN-1", "FAN-2"]);
            var email = $"fan-{Guid.NewGuid():N}@example.com";

            var (first, firstTotal) = await web.PlaceOrderAsync(email, ("FAN", 1));
            await web.PayAsync(StripeEvents.PaymentIntentSucceeded(first, firstTotal));
            var sink = SmtpSink.FromEnvironment() ?? throw new InvalidOperationException("No SMTP sink configured: run ./test.sh.");
            var mail = (await sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(30))).Single();
            var token = Regex.Match(mail.HtmlBody ?? "", @"library\?token=([A-Za-z0-9_\-\.]+)").Groups[1].Value;

            using var stream = await web.CreateClient().GetStreamAsync($"/api/library/notifications/stream?token={token}", ct);
            using var reader = new StreamReader(stream);
            Assert.Equal(first, (await ServerSentEvents.ReadEventAsync(reader, ct)).GetProperty("orderId").GetGuid());

            var (second, secondTotal) = await web.PlaceOrderAsync(email, ("FAN", 1));
            await web.PayAsync(StripeEvents.PaymentIntentSucceeded(second, secondTotal));
            var live = await ServerSentEvents.ReadEventAsync(reader, ct);
            Assert.Equal(second, live.GetProperty("orderId").GetGuid());
            // The web instance runs no handlers: the push came from the worker, through Redis.
            Assert.True(await web.QueryAsync(db => db.Set<Orderly.Messaging.InboxEntry>().AnyAsync(i => i.Handler == "NotifyBuyer")));
        }
        finally
        {
            OrderlyApp.DeleteDataDir(dataDir);
        }
    }
}
