using Orderly.Orders;
using Orderly.Orders.Contracts;

namespace Orderly.UnitTests.Orders;

public sealed class OrderTests
{
    private static readonly DateTime PlacedAt = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static Order NewOrder(OrderStatus status = OrderStatus.Pending) => new()
    {
        Id = Guid.NewGuid(),
        Email = "buyer@example.com",
        Currency = "EUR",
        Status = status,
        TotalAmount = 1999,
        PlacedAt = PlacedAt,
        ReservationExpiresAt = PlacedAt.AddMinutes(15),
    };

    [Theory]
    [InlineData(OrderStatus.Pending)]
    [InlineData(OrderStatus.Failed)]
    [InlineData(OrderStatus.Cancelled)]
    public void Paying_an_unpaid_pending_failed_or_expired_order_moves_it_to_processing(OrderStatus status)
    {
        var order = NewOrder(status);

        Assert.True(order.MarkPaid(PlacedAt.AddMinutes(1), out var moveTo));

        Assert.Equal(OrderStatus.Processing, moveTo);
        Assert.Equal(PlacedAt.AddMinutes(1), order.PaidAt);
    }

    [Fact]
    public void Paying_twice_is_a_no_op_the_second_time()
    {
        var order = NewOrder();
        order.MarkPaid(PlacedAt.AddMinutes(1), out _);

        Assert.False(order.MarkPaid(PlacedAt.AddMinutes(3), out var moveTo));

        Assert.Null(moveTo);
        Assert.Equal(PlacedAt.AddMinutes(1), order.PaidAt);
    }

    [Fact]
    public void Paying_an_order_on_hold_records_the_payment_but_keeps_it_on_hold()
    {
        var order = NewOrder(OrderStatus.OnHold);

        Assert.True(order.MarkPaid(PlacedAt.AddMinutes(1), out var moveTo));

        Assert.Null(moveTo);
        Assert.NotNull(order.PaidAt);
    }

    [Theory]
    [InlineData(true, false, new bool[0], true)]
    [InlineData(false, false, new bool[0], false)]
    [InlineData(true, true, new bool[0], false)]
    [InlineData(true, true, new[] { true, false }, false)]
    [InlineData(true, true, new[] { true, true }, true)]
    [InlineData(false, true, new[] { true }, false)]
    public void An_order_is_complete_when_fulfilled_and_every_shipment_is_delivered(bool fulfilled, bool physical, bool[] delivered, bool complete) =>
        Assert.Equal(complete, Order.IsComplete(fulfilled, physical, delivered));

    [Fact]
    public void What_is_left_to_refund_is_the_total_less_what_went_back()
    {
        var order = NewOrder(OrderStatus.Completed);
        order.RefundedAmount = 500;

        Assert.Equal(1499, order.RefundableAmount);
    }
}
