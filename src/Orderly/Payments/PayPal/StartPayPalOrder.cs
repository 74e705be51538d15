using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;

namespace Orderly.Payments.PayPal;

/// <summary>
/// The <c>paypal</c> route: an Orders v2 order (<c>POST /v2/checkout/orders</c>, intent CAPTURE)
/// whose <c>purchase_units[0].custom_id</c> is the Orderly order id — the capture, and so
/// <c>PAYMENT.CAPTURE.COMPLETED</c>, carries it back. The buyer is sent to the <c>approve</c> link;
/// PayPal returns the approved buyer to <see cref="CapturePayPalOrder"/>, which takes the money and
/// then sends the buyer on to the checkout's thank-you page.
/// </summary>
internal sealed class StartPayPalOrder(PayPalApi paypal, IOptions<OrderlyOptions> orderly) : IPaymentRoute
{
    public string Method => PaymentMethods.PayPal;

    public async Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken)
    {
        if (!paypal.Configured)
        {
            throw new InvalidOperationException("PayPal is not configured (Payments:PayPal:ClientId and ClientSecret).");
        }
        var value = ProviderAmounts.ToDecimal(request.Amount, request.Currency);
        Money Of(long amount) => new(request.Currency, ProviderAmounts.ToDecimal(amount, request.Currency));
        // Orders v2 checks amount = item_total − discount + shipping + tax_total: the items go at their
        // full price and the breakdown carries the rest.
        var parts = request.Breakdown;
        var breakdown = parts is null || parts.LinesOnly
            ? new Breakdown(Of(request.Amount), null, null, null)
            : new Breakdown(Of(parts.ItemTotal), parts.Discount > 0 ? Of(parts.Discount) : null, parts.Shipping > 0 ? Of(parts.Shipping) : null,
                parts.TaxAdded > 0 ? Of(parts.TaxAdded) : null);
        var body = new
        {
            intent = "CAPTURE",
            purchase_units = new[]
            {
                new
                {
                    reference_id = "default",
                    custom_id = request.OrderId.ToString(),
                    invoice_id = request.OrderId.ToString(),
                    amount = new { currency_code = request.Currency, value, breakdown },
                    items = request.Lines.Select(l => new
                    {
                        name = l.Name.Length > 127 ? l.Name[..127] : l.Name,
                        sku = l.Sku,
                        quantity = l.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        unit_amount = new { currency_code = request.Currency, value = ProviderAmounts.ToDecimal(l.UnitAmount, request.Currency) },
                    }).ToArray(),
                },
            },
            application_context = new { return_url = CapturePayPalOrder.ReturnUrl(orderly.Value.PublicBaseUrl, request.OrderId), cancel_url = request.CancelUrl, user_action = "PAY_NOW", shipping_preference = "NO_SHIPPING" },
        };
        using var response = await paypal.SendAsync(HttpMethod.Post, "/v2/checkout/orders", body, $"orderly-order-{request.OrderId:N}", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"PayPal refused the order ({(int)response.StatusCode}{await PayPalRefundGateway.IssueAsync(response, cancellationToken)}).", null, response.StatusCode);
        }
        var order = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var approve = order.GetProperty("links").EnumerateArray()
            .Where(l => l.GetProperty("rel").GetString() is "approve" or "payer-action").Select(l => l.GetProperty("href").GetString()).FirstOrDefault();
        return new PaymentStart(Method, approve, order.GetProperty("id").GetString(), new Dictionary<string, string> { ["custom_id"] = request.OrderId.ToString() });
    }

    private sealed record Money([property: JsonPropertyName("currency_code")] string CurrencyCode, [property: JsonPropertyName("value")] string Value);

    /// <summary><c>amount.breakdown</c>: absent parts are left out of the JSON.</summary>
    private sealed record Breakdown(
        [property: JsonPropertyName("item_total")] Money ItemTotal,
        [property: JsonPropertyName("discount"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Money? Discount,
        [property: JsonPropertyName("shipping"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Money? Shipping,
        [property: JsonPropertyName("tax_total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Money? TaxTotal);
}
