using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Library.Contracts;
using Orderly.Orders.Contracts;

namespace Orderly.Checkout;

/// <summary>
/// An order's progress in a buyer's words (the thank-you page), and
/// <c>GET /checkout/orders/{id}/events</c>: the same as Server-Sent Events while it changes. The
/// stream reads the order on a short interval per connection, so it is right with any number of
/// instances (the change may be committed by another one) and ends at a final status.
/// </summary>
internal static class FollowOrder
{
    public sealed record Step(string Label, bool Done);

    /// <param name="LibraryUrl">The buyer's library (relative), for an order of this browser once delivered.</param>
    /// <param name="Instructions">What a bank-transfer buyer must do, while unpaid.</param>
    public sealed record Progress(Guid OrderId, string Status, string Headline, IReadOnlyList<Step> Steps, bool Final, string? LibraryUrl, string? Instructions);

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxStream = TimeSpan.FromMinutes(15);

    internal sealed class Handler(IOrderBook orders, IOrderLibrary library, BrowserOrders browserOrders, IOptions<ManualPaymentOptions> manual)
    {
        public async Task<(OrderView Order, Progress Progress)?> HandleAsync(HttpContext http, Guid orderId, CancellationToken ct)
        {
            if (await orders.FindAsync(orderId, ct) is not { } order)
            {
                return null;
            }
            var own = browserOrders.Placed(http, orderId);
            var libraryUrl = own && order.Lines.Any(l => l.Kind == ProductKind.Digital) && order.Status is OrderStatus.Completed or OrderStatus.Processing or OrderStatus.PartiallyRefunded
                && await library.LibraryUrlAsync(orderId, ct) is { } url ? Relative(url) : null;
            return (order, Describe(order, libraryUrl, manual.Value));
        }
    }

    public static Progress Describe(OrderView order, string? libraryUrl, ManualPaymentOptions manual)
    {
        var digitalOnly = order.Lines.All(l => l.Kind == ProductKind.Digital);
        var paid = order.Status is OrderStatus.Processing or OrderStatus.Completed or OrderStatus.AwaitingStock or OrderStatus.PartiallyRefunded or OrderStatus.Refunded;
        var headline = order.Status switch
        {
            OrderStatus.Pending => order.PaymentMethod switch
            {
                PaymentMethods.Manual => "Waiting for your bank transfer",
                PaymentMethods.CashOnDelivery => "Order received: you pay on delivery",
                _ => "Waiting for payment",
            },
            OrderStatus.Processing => "Payment received: preparing your order",
            OrderStatus.AwaitingStock => "Payment received: waiting for stock",
            OrderStatus.OnHold => "On hold: we are checking your order",
            OrderStatus.Completed => digitalOnly ? "Delivered to your library" : "Shipped",
            OrderStatus.Failed => "Payment failed",
            OrderStatus.Cancelled => "Cancelled",
            OrderStatus.PartiallyRefunded => "Partly refunded",
            OrderStatus.Refunded => "Refunded",
            _ => order.Status.ToString(),
        };
        var steps = new List<Step>
        {
            new("Order placed", true),
            new(order.PaymentMethod == PaymentMethods.CashOnDelivery ? "Paid on delivery" : "Payment received", paid),
            new(digitalOnly ? "Delivered to your library" : "Shipped", order.Status is OrderStatus.Completed or OrderStatus.PartiallyRefunded or OrderStatus.Refunded),
        };
        var final = order.Status is OrderStatus.Completed or OrderStatus.Failed or OrderStatus.Cancelled or OrderStatus.Refunded or OrderStatus.PartiallyRefunded;
        var instructions = order.PaymentMethod == PaymentMethods.Manual && order.Status == OrderStatus.Pending
            ? manual.Instructions.Replace("{orderId}", order.Id.ToString(), StringComparison.Ordinal)
                .Replace("{amount}", MoneyText.Format(new(order.TotalAmount, order.Currency)), StringComparison.Ordinal)
            : null;
        return new Progress(order.Id, order.Status.ToString(), headline, steps, final, libraryUrl, instructions);
    }

    public static ServerSentEventsResult<Progress> Events(Guid id, HttpContext http, IServiceScopeFactory scopes, TimeProvider time, CancellationToken ct) =>
        TypedResults.ServerSentEvents(StreamAsync(id, http, scopes, time, ct), eventType: "progress");

    private static async IAsyncEnumerable<Progress> StreamAsync(Guid id, HttpContext http, IServiceScopeFactory scopes, TimeProvider time, [EnumeratorCancellation] CancellationToken ct)
    {
        var until = time.GetUtcNow() + MaxStream;
        Progress? last = null;
        var finalReads = 0;
        while (time.GetUtcNow() < until)
        {
            Progress? now;
            // A scope per read: a fresh unit of work sees what other instances committed.
            await using (var scope = scopes.CreateAsyncScope())
            {
                now = (await scope.ServiceProvider.GetRequiredService<Handler>().HandleAsync(http, id, ct))?.Progress;
            }
            if (now is null)
            {
                yield break;
            }
            if (last is null || !Same(last, now))
            {
                yield return now;
                last = now;
            }
            // A delivered order of this browser waits a little for its library link too (written just after delivery).
            if (now.Final && (now.LibraryUrl is not null || now.Status != nameof(OrderStatus.Completed) || !http.Request.Cookies.ContainsKey(BrowserOrders.CookieName) || ++finalReads > 30))
            {
                yield break;
            }
            await Task.Delay(PollInterval, time, ct);
        }
    }

    private static bool Same(Progress a, Progress b) =>
        a.Status == b.Status && a.LibraryUrl == b.LibraryUrl && a.Steps.SequenceEqual(b.Steps);

    /// <summary>The path and query of a link: the page is on this site, whatever the configured public address says.</summary>
    private static string Relative(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.PathAndQuery : url;
}
