using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Persistence;
using Stripe;

namespace Orderly.Payments;

/// <summary>The named HTTP clients Orderly talks to providers through (replaceable in tests).</summary>
internal static class ProviderApis
{
    public const string Stripe = "Orderly.Payments.Stripe.Api";
    public const string PayPal = "Orderly.Payments.PayPal.Api";
    public const string WooCommerce = "Orderly.Payments.WooCommerce.Api";

    public static void Configure(IServiceCollection services)
    {
        foreach (var name in new[] { Stripe, PayPal, WooCommerce })
        {
            services.AddHttpClient(name, (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.ProviderTimeout)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        }
    }

    /// <summary>
    /// A key that is the same when the same refund is asked for again (a retry after a timeout) and
    /// differs for another refund of the same payment (amount or lines differ): the provider then
    /// answers the retry with the first refund instead of refunding twice.
    /// </summary>
    public static string IdempotencyKey(string paymentId, long amount, IReadOnlyList<Guid> orderLineIds) =>
        "orderly-refund-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{paymentId}|{amount.ToString(CultureInfo.InvariantCulture)}|{string.Join(',', orderLineIds.Order())}")))[..32];

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}

/// <summary>Stripe.net's client on Orderly's HTTP client, secret key and API base (<c>Payments:Stripe</c>).</summary>
internal sealed class StripeApi(IHttpClientFactory clients, IOptions<PaymentsOptions> options)
{
    /// <summary>Null when no secret key is configured.</summary>
    public IStripeClient? Client()
    {
        var stripe = options.Value.Stripe;
        if (string.IsNullOrWhiteSpace(stripe.SecretKey))
        {
            return null;
        }
        // Retries off: a refund is retried by whoever asked, with the same idempotency key.
        var http = new SystemNetHttpClient(clients.CreateClient(ProviderApis.Stripe), maxNetworkRetries: 0);
        return new StripeClient(apiKey: stripe.SecretKey, httpClient: http, apiBase: string.IsNullOrWhiteSpace(stripe.ApiBase) ? null : stripe.ApiBase.TrimEnd('/'));
    }
}

/// <summary>
/// Refunds a gateway made, entered in the same ledger as the refunds webhooks report
/// (<see cref="ReportedRefund"/>): the provider's webhook for the same refund then finds it reported
/// (same id, or a cumulative amount already covered) and publishes nothing a second time.
/// </summary>
internal sealed class GatewayRefunds(IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task RecordAsync(string provider, string refundId, Guid orderId, long amount, string currency, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        await using var transaction = await db.BeginWriteAsync(ct);
        if (await db.Set<ReportedRefund>().AnyAsync(r => r.Provider == provider && r.RefundId == refundId, ct))
        {
            return;
        }
        db.Set<ReportedRefund>().Add(new ReportedRefund
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Provider = provider,
            RefundId = refundId,
            OrderId = orderId,
            Amount = amount,
            Currency = currency,
            ReportedAt = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The webhook for this refund was faster: it is in the ledger already.
        }
    }
}
