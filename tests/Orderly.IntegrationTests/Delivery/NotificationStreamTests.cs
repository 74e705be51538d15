using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Delivery;

public sealed class NotificationStreamTests
{
    [Fact]
    public async Task A_buyer_with_the_library_stream_open_receives_the_delivery_notification_live()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("LIVE")).StatusCode);
        await app.ImportKeysAsync("LIVE", ["LIVE-1", "LIVE-2"]);
        var email = $"live-{Guid.NewGuid():N}@example.com";

        // A first order creates the account and the e-mail with the library link.
        var (first, firstTotal) = await app.PlaceOrderAsync(email, ("LIVE", 1));
        await app.PayAsync(StripeEvents.PaymentIntentSucceeded(first, firstTotal));
        await app.WaitUntilAsync(db => db.Set<Orderly.Delivery.SentEmail>().AnyAsync(e => e.OrderId == first), "the first e-mail is sent");
        var sink = SmtpSink.FromEnvironment() ?? throw new InvalidOperationException("No SMTP sink configured: run ./test.sh.");
        var mail = (await sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20))).Single();
        var token = Regex.Match(mail.HtmlBody ?? "", @"library\?token=([A-Za-z0-9_\-\.]+)").Groups[1].Value;

        using var stream = await app.CreateClient().GetStreamAsync($"/api/library/notifications/stream?token={token}", ct);
        using var reader = new StreamReader(stream);
        var backlog = await ServerSentEvents.ReadEventAsync(reader, ct);
        Assert.Equal(first, backlog.GetProperty("orderId").GetGuid());

        var (second, secondTotal) = await app.PlaceOrderAsync(email, ("LIVE", 1));
        await app.PayAsync(StripeEvents.PaymentIntentSucceeded(second, secondTotal));
        var live = await ServerSentEvents.ReadEventAsync(reader, ct);
        Assert.Equal(second, live.GetProperty("orderId").GetGuid());
        Assert.Equal("order_delivered", live.GetProperty("kind").GetString());
    }
}
