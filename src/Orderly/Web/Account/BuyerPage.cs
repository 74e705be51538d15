using System.Security.Claims;
using Orderly.Orders.Contracts;

namespace Orderly.Web.Account;

/// <summary>What the account pages share: who is signed in, and orders in plain words.</summary>
internal static class BuyerPage
{
    /// <summary>The signed-in person's user id (a buyer's is also their customer id), or null.</summary>
    public static Guid? UserId(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>A short order number for lists ("#1A2B3C4D"); the full id is on the order page.</summary>
    public static string ShortId(Guid id) => "#" + id.ToString("N")[^8..].ToUpperInvariant();

    public static string Status(OrderStatus status) => status switch
    {
        OrderStatus.Pending => "Awaiting payment",
        OrderStatus.Processing => "Processing",
        OrderStatus.Completed => "Completed",
        OrderStatus.Failed => "Payment failed",
        OrderStatus.Cancelled => "Cancelled",
        OrderStatus.OnHold => "On hold",
        OrderStatus.AwaitingStock => "Awaiting stock",
        OrderStatus.PartiallyRefunded => "Partly refunded",
        OrderStatus.Refunded => "Refunded",
        _ => status.ToString(),
    };

    /// <summary>The badge colour of a status.</summary>
    public static string StatusTone(OrderStatus status) => status switch
    {
        OrderStatus.Completed => "ok",
        OrderStatus.Failed or OrderStatus.Cancelled or OrderStatus.Refunded => "bad",
        OrderStatus.Pending or OrderStatus.OnHold or OrderStatus.AwaitingStock or OrderStatus.PartiallyRefunded => "warn",
        _ => "",
    };

    /// <summary>One timeline step as a sentence the buyer understands.</summary>
    public static string Step(BuyerTimelineStep step) => (step.Status, step.Event) switch
    {
        (OrderStatus.Pending, _) => "Order placed.",
        (OrderStatus.Processing, _) => "Payment received: we are preparing your order.",
        (OrderStatus.Completed, _) => "Order complete: everything has been delivered.",
        (OrderStatus.Failed, _) => "The payment did not go through.",
        (OrderStatus.Cancelled, _) => "The order was cancelled.",
        (OrderStatus.OnHold, _) => "On hold: the shop is checking the order.",
        (OrderStatus.AwaitingStock, _) => "Waiting for stock: your items are delivered as soon as they arrive.",
        (OrderStatus.PartiallyRefunded, _) => "Part of the order was refunded.",
        (OrderStatus.Refunded, _) => "The order was refunded.",
        (_, "payment_received") => "Payment received.",
        (_, "payment_failed") => "A payment attempt failed.",
        (_, "reservation_expired") => "The order was not paid in time; the items were released.",
        (_, "shipment_created") => "Your items are being packed.",
        (_, "shipment_shipped") => "Your items left with the courier.",
        (_, "shipment_tracking") => $"Courier update: {step.Detail}",
        (_, "shipment_delivered") => "Your items were delivered.",
        (_, "email_sent") => "We e-mailed you your codes and links.",
        (_, "email_resent") => "We e-mailed you your codes and links again.",
        (_, "shipment_email_sent") => "We e-mailed you the tracking number.",
        (_, "waiting_notice_sent") => "We e-mailed you that your items are on their way to us.",
        (_, "refund_requested") => "You asked for a return or refund.",
        (_, "refund_request_approved") => "The shop approved your refund request.",
        (_, "refund_request_declined") => "The shop declined your refund request.",
        (_, "email_refund_decision") => "We e-mailed you the shop's answer to your request.",
        (_, "refund_unmatched") => "A refund is being checked by the shop.",
        (_, { } other) => char.ToUpperInvariant(other[0]) + other[1..].Replace('_', ' ') + ".",
        _ => "Updated.",
    };

    /// <summary>A courier's tracking page, for the carriers whose address is well known; else null (the number is shown).</summary>
    public static string? TrackingUrl(string? carrier, string? number)
    {
        if (string.IsNullOrWhiteSpace(carrier) || string.IsNullOrWhiteSpace(number))
        {
            return null;
        }
        var n = Uri.EscapeDataString(number.Trim());
        return carrier.Trim().ToLowerInvariant() switch
        {
            "dhl" => $"https://www.dhl.com/global-en/home/tracking.html?tracking-id={n}",
            "ups" => $"https://www.ups.com/track?tracknum={n}",
            "fedex" => $"https://www.fedex.com/fedextrack/?trknbr={n}",
            "usps" => $"https://tools.usps.com/go/TrackConfirmAction?tLabels={n}",
            _ => null,
        };
    }
}
