using System.Globalization;
using System.Text.Json;

using static Orderly.Payments.WebhookRequests;

namespace Orderly.Payments.WooCommerce;

/// <summary>What Orderly reads of a WooCommerce order (REST API v3 order object, as webhooks send it).</summary>
internal sealed record WooOrder(long Id, string Status, string Currency, long Total, DateTime ModifiedGmt, string Email, IReadOnlyList<(string Sku, int Quantity)> Lines, Guid? OrderlyOrderId)
{
    public const string OrderlyOrderIdMeta = "orderly_order_id";

    /// <summary>The order, or null when the body lacks what Orderly needs (id, status, currency, total, date_modified_gmt).</summary>
    public static WooOrder? Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var idValue) || !idValue.TryGetInt64(out var id)
            || Text(root, "status") is not { } status || Text(root, "currency") is not { } currency
            || !ProviderAmounts.TryToMinor(Text(root, "total"), currency, out var total)
            || !DateTime.TryParse(Text(root, "date_modified_gmt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var modified))
        {
            return null;
        }
        var email = root.TryGetProperty("billing", out var billing) ? Text(billing, "email") ?? "" : "";
        var lines = new List<(string, int)>();
        if (root.TryGetProperty("line_items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                var quantity = item.TryGetProperty("quantity", out var q) && q.TryGetInt32(out var n) ? n : 0;
                lines.Add((Text(item, "sku") ?? "", quantity));
            }
        }
        Guid? orderlyId = null;
        if (root.TryGetProperty("meta_data", out var meta) && meta.ValueKind == JsonValueKind.Array)
        {
            orderlyId = meta.EnumerateArray().Where(m => Text(m, "key") == OrderlyOrderIdMeta)
                .Select(m => Guid.TryParse(Text(m, "value"), out var g) ? g : (Guid?)null).FirstOrDefault(g => g is not null);
        }
        return new WooOrder(id, status, currency.ToUpperInvariant(), total, modified, email, lines, orderlyId);
    }
}

/// <summary>WooCommerce order statuses ↔ Orderly's.</summary>
internal static class WooStatuses
{
    /// <summary>What a Woo status means for the mirrored order (none for pending and on-hold: waiting for payment).</summary>
    public static IncomingEvent Signals(IncomingEvent incoming, WooOrder order, Guid orderId) => order.Status switch
    {
        "processing" or "completed" => incoming with { Signal = new PaymentSignal(true, orderId, PaymentId(order), order.Total, order.Currency, null) },
        "failed" => incoming with { Signal = new PaymentSignal(false, orderId, PaymentId(order), order.Total, order.Currency, "failed in WooCommerce") },
        "cancelled" => incoming with { Cancel = new CancelSignal(orderId, "cancelled in WooCommerce") },
        // The whole order is refunded: what was not reported yet (Woo's partial refunds leave the status alone).
        "refunded" => incoming with
        {
            Refund = new RefundSignal(orderId, PaymentId(order), $"woo-{order.Id}-refunded", order.Total, order.Currency, null, "refunded in WooCommerce", Cumulative: true),
        },
        _ => incoming,
    };

    /// <summary>The payment id of a Woo-paid order: the Woo order id.</summary>
    public static string PaymentId(WooOrder order) => order.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The Woo status Orderly sets for an Orderly status, or null when Woo has no counterpart.</summary>
    public static string? ToWoo(Orders.Contracts.OrderStatus status) => status switch
    {
        Orders.Contracts.OrderStatus.Completed => "completed",
        Orders.Contracts.OrderStatus.Refunded => "refunded",
        Orders.Contracts.OrderStatus.Cancelled => "cancelled",
        Orders.Contracts.OrderStatus.Failed => "failed",
        Orders.Contracts.OrderStatus.OnHold => "on-hold",
        Orders.Contracts.OrderStatus.Processing or Orders.Contracts.OrderStatus.AwaitingStock => "processing",
        _ => null,
    };

    public static string StoreKey(string? url)
    {
        var key = (url ?? "").Trim().TrimEnd('/').ToLowerInvariant();
        return key.Length > 255 ? key[..255] : key;
    }
}
