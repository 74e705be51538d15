using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Fulfillment;

/// <summary>The core promise: paid → key assigned → e-mailed, notified, in the library → audited.</summary>
public sealed partial class PaidOrderIsFulfilledTests
{
    private static SmtpSink Sink => SmtpSink.FromEnvironment() ?? throw new InvalidOperationException("No SMTP sink configured: run ./test.sh (it starts one).");

    [GeneratedRegex(@"http://orderly\.test/library\?token=[A-Za-z0-9_\-\.]+")]
    private static partial Regex LibraryLink();

    [GeneratedRegex(@"http://orderly\.test/downloads/[A-Za-z0-9_\-\.]+")]
    private static partial Regex DownloadLink();

    [Fact]
    public async Task A_paid_key_order_is_delivered_by_email_library_and_notification_and_audited_in_order()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("KEY-1")).StatusCode);
        await app.ImportKeysAsync("KEY-1", ["AAAAA-11111", "BBBBB-22222", "CCCCC-33333"]);
        var email = $"buyer-{Guid.NewGuid():N}@example.com";

        var (orderId, total) = await app.PlaceOrderAsync(email, ("KEY-1", 2));
        Assert.Equal(3000, total);
        var stock = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/products/KEY-1/stock", ct);
        Assert.Equal((1, 2, 0), (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("allocated").GetInt32()));

        var paid = await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total));
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);

        var order = await app.WaitForOrderStatusAsync(orderId, "completed");
        var mail = (await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20))).Single();
        var body = mail.HtmlBody ?? "";
        var keysInMail = new[] { "AAAAA-11111", "BBBBB-22222", "CCCCC-33333" }.Where(body.Contains).ToList();
        Assert.Equal(2, keysInMail.Count);
        Assert.Matches(LibraryLink(), body);

        stock = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/products/KEY-1/stock", ct);
        Assert.Equal((1, 0, 2), (stock.GetProperty("available").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("allocated").GetInt32()));

        // The library, reached through the e-mail's signed link, lists both codes masked; a reveal shows one in full.
        var libraryUrl = new Uri(LibraryLink().Match(body).Value);
        var library = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/library{libraryUrl.Query}", ct);
        Assert.Equal(2, library.GetArrayLength());
        Assert.All(library.EnumerateArray(), item => Assert.Contains(keysInMail, k => item.GetProperty("code").GetString() == $"••••{k[^4..]}"));
        var entryId = library[0].GetProperty("id").GetGuid();
        var revealed = await app.CreateClient().PostAsync($"/api/library/entries/{entryId}/reveal{libraryUrl.Query}", null, ct);
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        Assert.Contains((await revealed.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString(), keysInMail);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/library?token=forged.token", ct)).StatusCode);

        // In-app notification stored for the buyer.
        var notifications = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/library/notifications{libraryUrl.Query}", ct);
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("kind").GetString() == "order_delivered");

        // Timeline and audit trail, in order.
        var timeline = order.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("event").GetString()).ToList();
        Assert.Equal(["order_placed", "payment_received"], timeline.Take(2));
        Assert.Contains("fulfilled", timeline);
        await app.WaitUntilAsync(db => db.Set<Orderly.Audit.AuditEntry>().AnyAsync(e => e.OrderId == orderId && e.Type == "EmailSent"), "EmailSent is audited");
        var audit = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/orders/{orderId}/audit", ct);
        var types = audit.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        var expected = new[] { "OrderPlaced", "PaymentReceived", "KeyAssigned", "EmailSent" };
        Assert.Equal(expected, types.Where(expected.Contains).Distinct());
        Assert.Equal(2, types.Count(t => t == "KeyAssigned"));
        Assert.DoesNotContain(audit.ToString(), keysInMail[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_order_paid_through_checkout_session_gets_a_counted_download_link_and_the_download_is_audited()
    {
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Library:MaxDownloads"] = "2" });
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("BOOK-1", delivery: "file", keySource: null)).StatusCode);
        using (var file = new ByteArrayContent("the e-book content"u8.ToArray()))
        {
            var upload = await app.Admin().PutAsync("/api/admin/products/BOOK-1/file?name=book.txt", file, ct);
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }
        var email = $"reader-{Guid.NewGuid():N}@example.com";
        var (orderId, total) = await app.PlaceOrderAsync(email, ("BOOK-1", 1));

        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.CheckoutSessionCompleted(orderId, total))).StatusCode);
        await app.WaitForOrderStatusAsync(orderId, "completed");
        var mail = (await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20))).Single();
        var link = new Uri(DownloadLink().Match(mail.HtmlBody ?? "").Value);

        var client = app.CreateClient();
        var first = await client.GetAsync(link.PathAndQuery, ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("the e-book content", await first.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link.PathAndQuery, ct)).StatusCode);
        var third = await client.GetAsync(link.PathAndQuery, ct);
        Assert.Equal(HttpStatusCode.Gone, third.StatusCode);
        Assert.Contains("library.download_limit_reached", await third.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var forged = link.PathAndQuery[..^3] + (link.PathAndQuery.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA");
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync(forged, ct)).StatusCode);

        var audit = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/orders/{orderId}/audit", ct);
        Assert.Equal(2, audit.EnumerateArray().Count(e => e.GetProperty("type").GetString() == "UserDownloaded"));
    }

    [Fact]
    public async Task Generated_keys_are_minted_for_a_generator_product_and_match_its_pattern()
    {
        await using var app = new OrderlyApp();
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("GEN-1", keySource: "generator", keyPattern: "GN-XXXXX-XXXXX-XXXXX")).StatusCode);
        var email = $"gen-{Guid.NewGuid():N}@example.com";
        var (orderId, total) = await app.PlaceOrderAsync(email, ("GEN-1", 3));
        await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total));
        await app.WaitForOrderStatusAsync(orderId, "completed");
        var mail = (await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20))).Single();
        var codes = Regex.Matches(mail.TextBody ?? "", @"GN-[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}").Select(m => m.Value).Distinct().ToList();
        Assert.Equal(3, codes.Count);
    }
}
