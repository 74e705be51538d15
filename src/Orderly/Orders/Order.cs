using Orderly.Catalog.Contracts;
using Orderly.Orders.Contracts;

namespace Orderly.Orders;

internal sealed class Order
{
    public Guid Id { get; set; }
    public required string Email { get; set; }
    public OrderStatus Status { get; set; }
    public long TotalAmount { get; set; }
    public required string Currency { get; set; }
    /// <summary>How the buyer pays (<see cref="PaymentMethods"/>).</summary>
    public string PaymentMethod { get; set; } = PaymentMethods.Stripe;
    /// <summary>A test-mode order: no real money; marked in e-mails and the audit log.</summary>
    public bool IsTest { get; set; }
    public DateTime PlacedAt { get; set; }
    public DateTime? PaidAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime ReservationExpiresAt { get; set; }
    /// <summary>When the digital part was fulfilled (<c>OrderFulfilled</c>).</summary>
    public DateTime? FulfilledAt { get; set; }
    /// <summary>Money returned so far, minor units (never more than <see cref="TotalAmount"/>).</summary>
    public long RefundedAmount { get; set; }
    /// <summary>The lines' prices × quantities, before the discount (minor units).</summary>
    public long SubtotalAmount { get; set; }
    public long DiscountAmount { get; set; }
    public long ShippingAmount { get; set; }
    /// <summary>The VAT: the included part when <see cref="PricesIncludeTax"/>, else added to the total.</summary>
    public long TaxAmount { get; set; }
    /// <summary>VAT rate in percent (19 for 19 %), as applied at checkout.</summary>
    public decimal TaxRate { get; set; }
    public bool PricesIncludeTax { get; set; } = true;
    /// <summary>The coupon the buyer used, upper case; null for none.</summary>
    public string? CouponCode { get; set; }
    public List<OrderLine> Lines { get; set; } = [];

    /// <summary>
    /// Payment confirmed. Money is money: a payment moves a pending, failed or cancelled (expired)
    /// order on, and fulfillment decides whether stock is still there; an order on hold stays on
    /// hold (someone is looking at it). Returns the status to move to (null: stay), or false when already paid.
    /// </summary>
    public bool MarkPaid(DateTime at, out OrderStatus? moveTo)
    {
        moveTo = null;
        if (PaidAt is not null)
        {
            return false;
        }
        PaidAt = at;
        if (Status is OrderStatus.Pending or OrderStatus.Failed or OrderStatus.Cancelled)
        {
            moveTo = OrderStatus.Processing;
        }
        return true;
    }

    /// <summary>
    /// Completed when the digital part is fulfilled and every shipment (if the order has physical
    /// lines: at least one) is delivered.
    /// </summary>
    public static bool IsComplete(bool fulfilled, bool hasPhysicalLines, IReadOnlyCollection<bool> shipmentsDelivered) =>
        fulfilled && (!hasPhysicalLines || (shipmentsDelivered.Count > 0 && shipmentsDelivered.All(d => d)));

    public bool HasPhysicalLines => Lines.Any(l => l.Kind == ProductKind.Physical);

    /// <summary>What is left to refund (minor units).</summary>
    public long RefundableAmount => TotalAmount - RefundedAmount;
}

internal sealed class OrderLine
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public Guid ProductId { get; set; }
    public required string Sku { get; set; }
    public required string ProductName { get; set; }
    public ProductKind Kind { get; set; }
    public DeliveryKind Delivery { get; set; }
    public int Quantity { get; set; }
    public long UnitPriceAmount { get; set; }
    /// <summary>Units refunded so far (their codes and access revoked).</summary>
    public int RefundedQuantity { get; set; }
    /// <summary>This line's share of the order's discount (largest remainder; the lines' shares add up to it).</summary>
    public long DiscountAmount { get; set; }
    /// <summary>The VAT in (or on) this line's discounted amount.</summary>
    public long TaxAmount { get; set; }

    public int QuantityLeft => Quantity - RefundedQuantity;

    /// <summary>What the buyer paid for the whole line: net of its discount, plus its VAT when VAT is added on top.</summary>
    public long PaidAmount(bool pricesIncludeTax) => (UnitPriceAmount * Quantity) - DiscountAmount + (pricesIncludeTax ? 0 : TaxAmount);

    public RefundableLine Refundable(bool pricesIncludeTax) => new(Id, UnitPriceAmount, QuantityLeft, Quantity, PaidAmount(pricesIncludeTax));
}

/// <summary>The billing details the buyer gave at checkout (one row per order that has them; see <see cref="Contracts.BillingDetails"/>).</summary>
internal sealed class OrderBilling
{
    public Guid OrderId { get; set; }
    public required string Name { get; set; }
    public string? Company { get; set; }
    public string? VatId { get; set; }
    public required string Line1 { get; set; }
    public string? Line2 { get; set; }
    public required string City { get; set; }
    public required string PostalCode { get; set; }
    public required string Country { get; set; }

    public BillingDetails ToDetails() => new(Name, Company, VatId, Line1, Line2, City, PostalCode, Country);
}

/// <summary>A shipment of the order's physical lines (Shipping reports it); the order completes when all are delivered.</summary>
internal sealed class OrderShipment
{
    public Guid ShipmentId { get; set; }
    public Guid OrderId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
}

/// <summary>
/// A refund Orders applied (or put on hold), once per provider refund id: the API answer and the
/// provider's webhook report the same refund, and it must revoke once.
/// </summary>
internal sealed class OrderRefund
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public required string Provider { get; set; }
    public required string ProviderRefundId { get; set; }
    public long Amount { get; set; }
    public required string Currency { get; set; }
    public string? Reason { get; set; }
    /// <summary><c>applied</c>, or <c>unmatched</c> (the amount matched no whole units: nothing revoked, order on hold).</summary>
    public required string Outcome { get; set; }
    /// <summary>What was taken back, e.g. <c>2× KEY-1, 1× BOOK-1</c> (for the admin view).</summary>
    public string? Summary { get; set; }
    public DateTime At { get; set; }
}

/// <summary>One visible step in an order's life: a status change or an event (payment, email...).</summary>
internal sealed class TimelineEntry
{
    public long Id { get; set; }
    public Guid OrderId { get; set; }
    public DateTime At { get; set; }
    public OrderStatus? Status { get; set; }
    public string? Event { get; set; }
    public string? Detail { get; set; }
}
