using Orderly.Orders.Contracts;

namespace Orderly.Orders;

/// <summary>
/// A buyer asks for a return or refund of a paid order (table orders_refund_requests); staff decide
/// (<see cref="DecideRefundRequest"/>): approved requests are refunded through the admin refund,
/// declined ones carry a message to the buyer, who may then ask again.
/// </summary>
internal sealed class RefundRequest
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public required string Reason { get; set; }
    /// <summary>The order lines the request is about, comma-separated ids (empty: the whole order).</summary>
    public required string LineIds { get; set; }
    /// <summary><see cref="Open"/>, <see cref="Approved"/> or <see cref="Declined"/> (<c>closed</c>: decided before decisions were recorded).</summary>
    public required string Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    /// <summary>The staff member who decided (their e-mail address, or <c>admin</c> for the API key).</summary>
    public string? DecidedBy { get; set; }
    /// <summary>What the shop told the buyer with the decision (required when declining).</summary>
    public string? DecisionMessage { get; set; }

    public const string Open = "open";
    public const string Approved = "approved";
    public const string Declined = "declined";
    public const int MaxMessage = 2000;

    public BuyerRefundRequest ToView() => new(Id, Reason, ParseLines(LineIds), Status, CreatedAt, DecidedAt, DecisionMessage);

    public static IReadOnlyList<Guid> ParseLines(string lineIds) =>
        lineIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();
}
