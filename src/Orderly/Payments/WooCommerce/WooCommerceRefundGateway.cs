using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Payments.WooCommerce;

/// <summary>
/// Refunds a WooCommerce-paid order through Woo (<c>POST /orders/{id}/refunds</c> with
/// <c>api_refund: true</c>, so Woo refunds through its own payment gateway too).
/// </summary>
internal sealed class WooCommerceRefundGateway(WooCommerceApi woo, GatewayRefunds ledger, IServiceScopeFactory scopes) : IRefundGateway
{
    public string Provider => ReceiveWooCommerceWebhook.Provider;

    public async Task<GatewayRefund> RefundAsync(PaymentRecord payment, long amount, string reason, IReadOnlyList<Guid> orderLineIds, CancellationToken cancellationToken)
    {
        if (!woo.Configured)
        {
            return new GatewayRefund(false, null, "WooCommerce refunds are not configured (Payments:WooCommerce:BaseUrl, ConsumerKey, ConsumerSecret).");
        }
        var wooOrderId = await WooOrderIdAsync(payment, cancellationToken);
        if (wooOrderId is null)
        {
            return new GatewayRefund(false, null, "The order is not linked to a WooCommerce order.");
        }
        var body = new { amount = ProviderAmounts.ToDecimal(amount, payment.Currency), reason, api_refund = true };
        try
        {
            using var response = await woo.SendAsync(HttpMethod.Post, $"/orders/{wooOrderId.Value.ToString(CultureInfo.InvariantCulture)}/refunds", body, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new GatewayRefund(false, null, $"WooCommerce refused the refund ({(int)response.StatusCode}{await CodeAsync(response, cancellationToken)}).");
            }
            var refund = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var id = $"woo-refund-{refund.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)}";
            await ledger.RecordAsync(Provider, id, payment.OrderId, amount, payment.Currency, cancellationToken);
            return new GatewayRefund(true, id, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException
            || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new GatewayRefund(false, null, "WooCommerce could not be reached or answered unexpectedly.");
        }
    }

    private async Task<long?> WooOrderIdAsync(PaymentRecord payment, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        var link = await db.Set<WooOrderLink>().AsNoTracking().Where(l => l.OrderId == payment.OrderId).Select(l => (long?)l.WooOrderId).FirstOrDefaultAsync(ct);
        return link ?? (long.TryParse(payment.ProviderPaymentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null);
    }

    /// <summary>Woo's error code (e.g. woocommerce_rest_invalid_order_refund): safe to show, unlike the message body.</summary>
    private static async Task<string> CodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? $": {code.GetString()}" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
