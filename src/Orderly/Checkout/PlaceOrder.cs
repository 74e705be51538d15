using System.Diagnostics.Metrics;
using System.Net.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Orderly.Audit.Contracts;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;

namespace Orderly.Checkout;

public sealed record PlaceOrderRequest(string? Email, IReadOnlyList<PlaceOrderItem>? Items);

public sealed record PlaceOrderItem(string? Sku, int Quantity);

public sealed record PlaceOrderResponse(Guid OrderId, OrderStatus Status, Money Total, DateTime ReservationExpiresAt, PaymentStep Payment, string StatusUrl);

/// <summary>
/// What the shop does next to take the money. For Stripe: create a PaymentIntent or Checkout Session
/// for <see cref="Amount"/> with <c>metadata[order_id]</c> set to the order id; the webhook matches it.
/// </summary>
/// <summary>A validated, priced order waiting for its stock (see <see cref="CheckoutBatcher"/>).</summary>
internal sealed record OrderDraft(Guid OrderId, string Email, Money Total, IReadOnlyList<NewOrderLine> Lines, DateTime PlacedAt,
    string PaymentMethod = PaymentMethods.Stripe, bool IsTest = false, BuyerSignals? Buyer = null)
{
    public IReadOnlyList<StockRequest> StockLines => Lines.Select(l => new StockRequest(l.ProductId, l.Sku, l.Quantity)).ToList();
}

public sealed record PaymentStep(string Provider, long Amount, string Currency, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// <c>POST /api/checkout</c>: validate, price from the catalog, reserve stock, create the order and
/// write <see cref="OrderPlaced"/> — one transaction — and answer at once. Payment, account,
/// fulfillment and delivery happen afterwards, driven by events.
/// </summary>
internal static class PlaceOrder
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 100;
    private static readonly Meter Meter = new("Orderly.Checkout");
    private static readonly Counter<long> Placed = Meter.CreateCounter<long>("orderly.orders.placed");
    private static readonly Counter<long> Refused = Meter.CreateCounter<long>("orderly.checkout.insufficient_stock");

    public abstract record Outcome
    {
        public sealed record Placed(PlaceOrderResponse Response) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record UnknownProducts(IReadOnlyList<string> Skus) : Outcome;
        public sealed record Refused(string Code, string Detail) : Outcome;
        public sealed record InsufficientStock(string Sku, int Requested, int Available) : Outcome;
    }

    /// <summary>Shape checks that need no database.</summary>
    public static List<ValidationError> Validate(PlaceOrderRequest request)
    {
        var errors = new List<ValidationError>();
        if (!IsEmail(request.Email))
        {
            errors.Add(new("email", "must be a valid e-mail address."));
        }
        if (request.Items is null || request.Items.Count is 0 or > MaxLines)
        {
            errors.Add(new("items", $"must hold 1 to {MaxLines} items."));
            return errors;
        }
        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            if (string.IsNullOrWhiteSpace(item?.Sku))
            {
                errors.Add(new($"items[{i}].sku", "is required."));
            }
            if (item is null || item.Quantity is < 1 or > MaxQuantity)
            {
                errors.Add(new($"items[{i}].quantity", $"must be between 1 and {MaxQuantity}."));
            }
        }
        return errors;
    }

    /// <summary>Why a product cannot be sold online now, or null when it can.</summary>
    public static Outcome.Refused? Unsellable(ProductInfo product) => product switch
    {
        { Kind: ProductKind.Physical } => new("checkout.shipping_unavailable", $"'{product.Sku}' is a physical product; this store does not ship yet."),
        { DeliversFile: true, FileName: null } => new("checkout.product_unavailable", $"'{product.Sku}' has no downloadable file yet."),
        _ => null,
    };

    public static bool IsEmail(string? value) =>
        value is { Length: > 2 and <= 254 } && MailAddress.TryCreate(value, out var address) && string.Equals(address.Address, value, StringComparison.Ordinal);

    internal sealed class Handler(IProductCatalog catalog, IStockGate gate, CheckoutBatcher batcher, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(PlaceOrderRequest request, CancellationToken ct)
        {
            var errors = Validate(request);
            if (errors.Count > 0)
            {
                return new Outcome.Invalid(errors);
            }
            var items = request.Items!.GroupBy(i => i.Sku!.Trim(), StringComparer.Ordinal)
                .Select(g => (Sku: g.Key, Quantity: g.Sum(i => i.Quantity))).ToList();
            var products = (await catalog.FindRecentBySkusAsync(items.Select(i => i.Sku).ToList(), ct)).ToDictionary(p => p.Sku, StringComparer.Ordinal);
            var unknown = items.Where(i => !products.ContainsKey(i.Sku)).Select(i => i.Sku).ToList();
            if (unknown.Count > 0)
            {
                return new Outcome.UnknownProducts(unknown);
            }
            if (items.Select(i => Unsellable(products[i.Sku])).FirstOrDefault(r => r is not null) is { } refusal)
            {
                return refusal;
            }
            var currencies = items.Select(i => products[i.Sku].Price.Currency).Distinct().ToList();
            if (currencies.Count > 1)
            {
                return new Outcome.Refused("checkout.mixed_currencies", $"Items are priced in {string.Join(", ", currencies)}; one order has one currency.");
            }

            var now = time.GetUtcNow();
            var orderId = Guid.CreateVersion7(now);
            var lines = items.Select(i =>
            {
                var p = products[i.Sku];
                return new NewOrderLine(Guid.CreateVersion7(now), p.Id, p.Sku, p.Name, p.Kind, p.Delivery, i.Quantity, p.Price.Amount);
            }).ToList();
            var total = new Money(lines.Sum(l => l.UnitPriceAmount * l.Quantity), currencies[0]);
            var draft = new OrderDraft(orderId, request.Email!.Trim(), total, lines, now.UtcDateTime);

            // A hot product's counter (Redis, scale-out) refuses a sold-out product before any
            // database write; it only holds, the database below still decides.
            var stockLines = draft.StockLines;
            var gated = await gate.TryHoldAsync(orderId, stockLines, ct);
            if (gated is GateDecision.SoldOut gateShort)
            {
                Refused.Add(1);
                return new Outcome.InsufficientStock(gateShort.Sku, gateShort.Requested, gateShort.Available);
            }

            // Reserve and write together with the other buyers of this moment (group commit).
            ReserveOutcome reserved;
            try
            {
                reserved = await batcher.PlaceAsync(draft, ct);
            }
            catch when (gated is GateDecision.Held)
            {
                await gate.ReleaseAsync(orderId, stockLines);
                throw;
            }
            if (gated is GateDecision.Held)
            {
                await (reserved is ReserveOutcome.Reserved ? gate.ConfirmAsync(orderId, stockLines) : gate.ReleaseAsync(orderId, stockLines));
            }
            if (reserved is ReserveOutcome.InsufficientStock short_)
            {
                Refused.Add(1);
                return new Outcome.InsufficientStock(short_.Sku, short_.Requested, short_.Available);
            }
            Placed.Add(1);
            var expiresAt = ((ReserveOutcome.Reserved)reserved).ExpiresAt;
            var payment = new PaymentStep("stripe", total.Amount, total.Currency.ToLowerInvariant(), new Dictionary<string, string> { ["order_id"] = orderId.ToString() });
            return new Outcome.Placed(new PlaceOrderResponse(orderId, OrderStatus.Pending, total, expiresAt, payment, $"/api/orders/{orderId}"));
        }
    }

    /// <summary>What one placed order writes, once its stock is reserved: run by <see cref="CheckoutBatcher"/> inside the batch's transaction.</summary>
    internal sealed class Writer(IOrderBook orders, IOutbox outbox, IAuditLog audit)
    {
        public void Write(OrderDraft draft, DateTime reservationExpiresAt)
        {
            orders.Add(new NewOrder(draft.OrderId, draft.Email, draft.Total.Currency, draft.Lines, reservationExpiresAt, draft.PaymentMethod, draft.IsTest), draft.PlacedAt);
            outbox.Enqueue(new OrderPlaced(draft.OrderId, draft.Email, draft.Total.Amount, draft.Total.Currency, draft.PlacedAt, draft.PaymentMethod, draft.IsTest, draft.Buyer));
            audit.Append("OrderPlaced", draft.OrderId, "buyer", new { total = draft.Total.Amount, draft.Total.Currency, lines = draft.Lines.Select(l => new { l.Sku, l.Quantity }) });
        }
    }

    public static async Task<Results<Created<PlaceOrderResponse>, ProblemHttpResult>> EndpointAsync(PlaceOrderRequest request, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(request, ct) switch
        {
            Outcome.Placed p => TypedResults.Created(p.Response.StatusUrl, p.Response),
            Outcome.Invalid i => Problems.Validation(i.Errors),
            Outcome.UnknownProducts u => Problems.BadRequest("catalog.product_not_found", $"Unknown SKU(s): {string.Join(", ", u.Skus)}.",
                new Dictionary<string, object?> { ["skus"] = u.Skus }),
            Outcome.Refused r => Problems.Create(StatusCodes.Status422UnprocessableEntity, r.Code, "The order cannot be placed.", r.Detail),
            Outcome.InsufficientStock s => Problems.Conflict("inventory.insufficient_stock",
                $"Only {s.Available} of '{s.Sku}' left; {s.Requested} requested.",
                new Dictionary<string, object?> { ["sku"] = s.Sku, ["requested"] = s.Requested, ["available"] = s.Available }),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
}
