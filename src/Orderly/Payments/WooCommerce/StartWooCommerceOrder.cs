using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Payments.WooCommerce;

/// <summary>
/// The <c>woocommerce</c> route (the order-pay bridge): creates the Woo order (<c>POST /orders</c>,
/// <c>set_paid: false</c>, lines by SKU, meta <c>orderly_order_id</c>), links it to the Orderly order
/// and sends the buyer to its <c>payment_url</c>. Woo's webhook then pays this order instead of
/// mirroring a new one.
/// </summary>
internal sealed class StartWooCommerceOrder(WooCommerceApi woo, IServiceScopeFactory scopes, TimeProvider time) : IPaymentRoute
{
    public string Method => PaymentMethods.WooCommerce;

    public async Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken)
    {
        if (!woo.Configured)
        {
            throw new InvalidOperationException("WooCommerce is not configured (Payments:WooCommerce:BaseUrl, ConsumerKey, ConsumerSecret).");
        }
        var body = new
        {
            status = "pending",
            set_paid = false,
            currency = request.Currency,
            billing = new { email = request.Email },
            line_items = request.Lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }).ToArray(),
            // Woo prices the lines itself; shipping and the discount travel as a shipping line and a
            // negative fee line (a Woo coupon would have to exist in Woo). Woo computes its own taxes.
            shipping_lines = request.Breakdown is { Shipping: > 0 } b
                ? new[] { new { method_id = "flat_rate", method_title = "Shipping", total = ProviderAmounts.ToDecimal(b.Shipping, request.Currency) } }
                : [],
            fee_lines = request.Breakdown is { Discount: > 0 } d
                ? new[] { new { name = d.CouponCode is null ? "Discount" : $"Coupon {d.CouponCode}", total = ProviderAmounts.ToDecimal(-d.Discount, request.Currency), tax_status = "none" } }
                : [],
            meta_data = new[] { new { key = WooOrder.OrderlyOrderIdMeta, value = request.OrderId.ToString() } },
        };
        using var response = await woo.SendAsync(HttpMethod.Post, "/orders", body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"WooCommerce refused the order ({(int)response.StatusCode}).", null, response.StatusCode);
        }
        var order = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var wooOrderId = order.GetProperty("id").GetInt64();
        await LinkAsync(wooOrderId, request.OrderId, cancellationToken);
        return new PaymentStart(Method, order.GetProperty("payment_url").GetString(), wooOrderId.ToString(CultureInfo.InvariantCulture),
            new Dictionary<string, string> { [WooOrder.OrderlyOrderIdMeta] = request.OrderId.ToString() });
    }

    private async Task LinkAsync(long wooOrderId, Guid orderId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        await using var transaction = await db.BeginWriteAsync(ct);
        db.Set<WooOrderLink>().Add(new WooOrderLink
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Store = woo.Store,
            WooOrderId = wooOrderId,
            OrderId = orderId,
            LastStatusSeen = "pending",
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
