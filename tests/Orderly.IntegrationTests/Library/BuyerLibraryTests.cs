using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Library;

public sealed class BuyerLibraryTests
{
    [Fact]
    public async Task The_library_searches_sorts_exports_csv_and_resends_the_delivery_email()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var sink = SmtpSink.FromEnvironment() ?? throw new InvalidOperationException("No SMTP sink configured: run ./test.sh.");
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("ALPHA")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("ZULU")).StatusCode);
        await app.ImportKeysAsync("ALPHA", ["ALPHA-KEY-1"]);
        await app.ImportKeysAsync("ZULU", ["ZULU-KEY-1"]);
        var email = $"lib-{Guid.NewGuid():N}@example.com";
        var (orderId, total) = await app.PlaceOrderAsync(email, ("ALPHA", 1), ("ZULU", 1));
        await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total));
        await app.WaitForOrderStatusAsync(orderId, "completed");
        var mail = (await sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20))).Single();
        var query = "?token=" + Regex.Match(mail.HtmlBody ?? "", @"library\?token=([A-Za-z0-9_\-\.]+)").Groups[1].Value;
        var client = app.CreateClient();

        var byName = await client.GetFromJsonAsync<JsonElement>($"/api/library{query}&sort=name&dir=asc", ct);
        Assert.Equal(["Product ALPHA", "Product ZULU"], byName.EnumerateArray().Select(e => e.GetProperty("productName").GetString()));
        var search = await client.GetFromJsonAsync<JsonElement>($"/api/library{query}&q=zul", ct);
        Assert.Equal("ZULU", search.EnumerateArray().Single().GetProperty("sku").GetString());

        // The page the e-mail links to.
        var page = await client.GetAsync($"/library{query}", ct);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(ct);
        Assert.Contains("Product ALPHA", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ALPHA-KEY-1", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/library?token=nope", ct)).StatusCode);

        // Orders can be filtered by the status spelling the API uses.
        var completed = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/orders?status=completed", ct);
        Assert.Equal(orderId, completed.EnumerateArray().Single().GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Admin().GetAsync("/api/admin/orders?status=shipped-ish", ct)).StatusCode);

        var csv = await client.GetAsync($"/api/library/export.csv{query}", ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync(ct);
        Assert.StartsWith("product,sku,order_id,type,code,download_url,added_at", text, StringComparison.Ordinal);
        Assert.Contains("ALPHA-KEY-1", text, StringComparison.Ordinal);
        Assert.Contains("ZULU-KEY-1", text, StringComparison.Ordinal);
        Assert.True(await app.QueryAsync(db => db.Set<Orderly.Audit.AuditEntry>().AnyAsync(e => e.Type == "LibraryExported")));

        var resend = await client.PostAsync($"/api/library/orders/{orderId}/resend{query}", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        var mails = await sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 2, TimeSpan.FromSeconds(20));
        Assert.Contains(mails, m => m.Subject == "Your products (resent)" && (m.TextBody ?? "").Contains("ZULU-KEY-1", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/library/orders/{Guid.NewGuid()}/resend{query}", null, ct)).StatusCode);
    }
}
