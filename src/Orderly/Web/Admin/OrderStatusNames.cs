using Orderly.Orders.Contracts;

namespace Orderly.Web.Admin;

/// <summary>Order statuses as staff read them, and the badge colour each gets.</summary>
public static class OrderStatusNames
{
    public static string Label(OrderStatus status) => status switch
    {
        OrderStatus.OnHold => "On hold",
        OrderStatus.AwaitingStock => "Awaiting stock",
        OrderStatus.PartiallyRefunded => "Partially refunded",
        _ => status.ToString(),
    };

    public static string Badge(OrderStatus status) => status switch
    {
        OrderStatus.Completed => "badge ok",
        OrderStatus.OnHold or OrderStatus.AwaitingStock or OrderStatus.Pending => "badge warn",
        OrderStatus.Failed or OrderStatus.Cancelled or OrderStatus.Refunded or OrderStatus.PartiallyRefunded => "badge bad",
        _ => "badge",
    };
}
