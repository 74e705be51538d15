using System.Net.Http.Json;
using System.Text.Json;
using Orderly.Payments.Contracts;

namespace Orderly.Payments.PayPal;

/// <summary>
/// Refunds a PayPal capture (<c>POST /v2/payments/captures/{capture_id}/refund</c>) with the amount
/// and a <c>PayPal-Request-Id</c>, so a retried request is answered with the same refund.
/// </summary>
internal sealed class PayPalRefundGateway(PayPalApi paypal, GatewayRefunds ledger) : IRefundGateway
{
    public string Provider => ReceivePayPalWebhook.Provider;

    public async Task<GatewayRefund> RefundAsync(PaymentRecord payment, long amount, string reason, IReadOnlyList<Guid> orderLineIds, CancellationToken cancellationToken)
    {
        if (!paypal.Configured)
        {
            return new GatewayRefund(false, null, "PayPal refunds are not configured (Payments:PayPal:ClientId and ClientSecret).");
        }
        var body = new Dictionary<string, object?>
        {
            ["amount"] = new { value = ProviderAmounts.ToDecimal(amount, payment.Currency), currency_code = payment.Currency },
            ["custom_id"] = payment.OrderId.ToString(),
            ["note_to_payer"] = reason.Length > 255 ? reason[..255] : reason,
        };
        try
        {
            using var response = await paypal.SendAsync(HttpMethod.Post, $"/v2/payments/captures/{Uri.EscapeDataString(payment.ProviderPaymentId)}/refund", body,
                ProviderApis.IdempotencyKey(payment.ProviderPaymentId, amount, orderLineIds), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new GatewayRefund(false, null, $"PayPal refused the refund ({(int)response.StatusCode}{await IssueAsync(response, cancellationToken)}).");
            }
            var refund = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var id = refund.GetProperty("id").GetString()!;
            var status = refund.TryGetProperty("status", out var s) ? s.GetString() : null;
            if (status is "CANCELLED" or "FAILED")
            {
                return new GatewayRefund(false, id, $"PayPal answered the refund with status {status}.");
            }
            await ledger.RecordAsync(Provider, id, payment.OrderId, amount, payment.Currency, cancellationToken);
            return new GatewayRefund(true, id, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
            || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new GatewayRefund(false, null, "PayPal could not be reached or answered unexpectedly.");
        }
    }

    /// <summary>PayPal's error name (e.g. CAPTURE_FULLY_REFUNDED): safe to show, unlike the raw body.</summary>
    internal static async Task<string> IssueAsync(HttpResponseMessage response, CancellationToken ct) =>
        await IssueNameAsync(response, ct) is { } issue ? $": {issue}" : "";

    /// <summary>The first <c>details[].issue</c> of PayPal's error answer, else its <c>name</c>; null when the body is not PayPal's error.</summary>
    internal static async Task<string?> IssueNameAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var error = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return error.ValueKind != JsonValueKind.Object ? null
                : error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array && details.GetArrayLength() > 0
                    && details[0].TryGetProperty("issue", out var i) ? i.GetString() : error.TryGetProperty("name", out var n) ? n.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
