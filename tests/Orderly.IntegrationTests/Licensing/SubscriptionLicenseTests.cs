using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Licensing;

namespace Orderly.IntegrationTests.Licensing;

/// <summary>Monthly licenses driven by Stripe subscription events, signed by the official stripe package.</summary>
public sealed class SubscriptionLicenseTests
{
    [Fact]
    public async Task A_paid_invoice_extends_a_monthly_license_and_a_deleted_subscription_expires_it_after_the_grace_window()
    {
        await using var app = new OrderlyApp();
        var ct = TestContext.Current.CancellationToken;
        var purchase = await LicensedShop.BuyAsync(app, "LIC-SUB", new { plan = "monthly", graceWindow = "3.00:00:00" });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await LicensedShop.ActivateAsync(client, purchase.Key, "subscriber.example")).StatusCode);
        Task<DateTime?> ExpiresAt() => app.QueryAsync(db => db.Set<License>().Where(l => l.Id == purchase.LicenseId).Select(l => l.ExpiresAt).SingleAsync(ct));
        var firstPeriod = await ExpiresAt();
        Assert.NotNull(firstPeriod);

        // Renewal: paid through two months from now, plus the 3-day grace.
        var paidThrough = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().AddMonths(2).ToUnixTimeSeconds());
        var invoicePaid = StripeEvents.InvoicePaid(purchase.OrderId, "sub_orderly_test", paidThrough);
        var renewed = await app.PayAsync(invoicePaid);
        Assert.Equal("subscription_renewed", (await renewed.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("outcome").GetString());
        var expected = paidThrough.UtcDateTime.AddDays(3);
        await app.WaitUntilAsync(async db => await db.Set<License>().AnyAsync(l => l.Id == purchase.LicenseId && l.ExpiresAt == expected, ct), "the license is renewed");

        // An older invoice delivered late does not shorten it.
        await app.PayAsync(StripeEvents.InvoicePaid(purchase.OrderId, "sub_orderly_test", paidThrough.AddMonths(-1)));
        var lease = await (await LicensedShop.ValidateAsync(client, purchase.Key, "subscriber.example")).Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(expected, await ExpiresAt());
        Assert.Equal("active", lease.GetProperty("status").GetString());

        // Cancelled five days ago: the 3-day grace is over, the next validation says expired.
        await app.PayAsync(StripeEvents.SubscriptionDeleted(purchase.OrderId, "sub_orderly_test", TimeProvider.System.GetUtcNow().AddDays(-5)));
        await app.WaitUntilAsync(async db => await db.Set<License>().AnyAsync(l => l.Id == purchase.LicenseId && l.ExpiresAt < TimeProvider.System.GetUtcNow().UtcDateTime, ct), "the license has run out");
        var expired = await LicensedShop.ValidateAsync(client, purchase.Key, "subscriber.example");
        Assert.Equal((HttpStatusCode.Forbidden, LicensingErrors.Expired), (expired.StatusCode, await LicensedShop.CodeAsync(expired)));
        var listed = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/licenses?orderId={purchase.OrderId}", ct);
        Assert.Equal("expired", listed[0].GetProperty("status").GetString());
    }
}
