using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Licensing;

/// <summary>A licensable product bought and paid for: the starting point of every license test.</summary>
internal static class LicensedShop
{
    public sealed record Purchase(string Key, Guid OrderId, Guid LicenseId, string Email);

    public static async Task<Purchase> BuyAsync(OrderlyApp app, string sku, object? policy = null)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync(sku)).StatusCode);
        var configured = await app.Admin().PutAsJsonAsync($"/api/admin/products/{sku}/licensing",
            policy ?? new { plan = "yearly", activationLimit = 2, entitlements = new[] { "updates", "pro" } }, ct);
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
        var key = $"{sku}-{Guid.NewGuid():N}".ToUpperInvariant();
        await app.ImportKeysAsync(sku, [key]);
        var email = $"licensee-{Guid.NewGuid():N}@example.com";
        var (orderId, total) = await app.PlaceOrderAsync(email, (sku, 1));
        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total))).StatusCode);
        await app.WaitForOrderStatusAsync(orderId, "completed");
        var licenseId = await WaitForLicenseAsync(app, orderId);
        return new Purchase(key, orderId, licenseId, email);
    }

    public static async Task<Guid> WaitForLicenseAsync(OrderlyApp app, Guid orderId)
    {
        var ct = TestContext.Current.CancellationToken;
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var licenses = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/licenses?orderId={orderId}", ct);
            if (licenses.GetArrayLength() > 0)
            {
                return licenses[0].GetProperty("id").GetGuid();
            }
            await Task.Delay(50, ct);
        }
        throw new TimeoutException($"No license for order {orderId}.");
    }

    public static Task<HttpResponseMessage> ActivateAsync(HttpClient client, string key, string? domain = null, string? fingerprint = null) =>
        client.PostAsJsonAsync("/api/licenses/activate", new { key, domain, fingerprint, instanceName = "test" }, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> ValidateAsync(HttpClient client, string key, string? domain = null, string? fingerprint = null) =>
        client.PostAsJsonAsync("/api/licenses/validate", new { key, domain, fingerprint }, TestContext.Current.CancellationToken);

    public static async Task<string> LeaseAsync(HttpClient client, string key, string domain)
    {
        var response = await ValidateAsync(client, key, domain);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("lease").GetString()!;
    }

    public static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("code").GetString();
}
