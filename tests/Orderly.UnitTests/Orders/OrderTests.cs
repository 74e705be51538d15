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

    [Fact]
    public void Paying_a_pending_order_moves_it_to_processing()
    {
        var order = NewOrder();

        Assert.True(order.MarkPaid(PlacedAt.AddMinutes(1)));

        Assert.Equal(OrderStatus.Processing, order.Status);
        Assert.Equal(PlacedAt.AddMinutes(1), order.PaidAt);
    }

    [Fact]
    public void Paying_twice_is_a_no_op_the_second_time()
    {
        var order = NewOrder();
        order.MarkPaid(PlacedAt.AddMinutes(1));
        order.MarkCompleted(PlacedAt.AddMinutes(2));

        Assert.False(order.MarkPaid(PlacedAt.AddMinutes(3)));

        Assert.Equal(PlacedAt.AddMinutes(1), order.PaidAt);
        Assert.Equal(OrderStatus.Completed, order.Status);
    }

    [Fact]
    public void Paying_a_cancelled_order_moves_it_to_processing()
    {
        var order = NewOrder(OrderStatus.Cancelled);

        Assert.True(order.MarkPaid(PlacedAt.AddHours(1)));

        Assert.Equal(OrderStatus.Processing, order.Status);
    }

    [Fact]
    public void Paying_an_order_on_hold_records_the_payment_but_keeps_it_on_hold()
    {
        var order = NewOrder(OrderStatus.OnHold);

        Assert.True(order.MarkPaid(PlacedAt.AddMinutes(1)));

        Assert.Equal(OrderStatus.OnHold, order.Status);
        Assert.NotNull(order.PaidAt);
    }

    [Fact]
    public void Completing_a_processing_order_records_when()
    {
        var order = NewOrder(OrderStatus.Processing);

        Assert.True(order.MarkCompleted(PlacedAt.AddMinutes(5)));

        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(PlacedAt.AddMinutes(5), order.CompletedAt);
    }

    [Theory]
    [InlineData(OrderStatus.Completed)]
    [InlineData(OrderStatus.Refunded)]
    [InlineData(OrderStatus.PartiallyRefunded)]
    public void Completing_a_completed_or_refunded_order_changes_nothing(OrderStatus status)
    {
        var order = NewOrder(status);

        Assert.False(order.MarkCompleted(PlacedAt.AddMinutes(5)));

        Assert.Equal(status, order.Status);
        Assert.Null(order.CompletedAt);
    }

    [Fact]
    public void Expiring_a_pending_order_cancels_it()
    {
        var order = NewOrder();

        Assert.True(order.Expire());

        Assert.Equal(OrderStatus.Cancelled, order.Status);
    }

    [Theory]
    [InlineData(OrderStatus.Processing)]
    [InlineData(OrderStatus.Completed)]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.OnHold)]
    [InlineData(OrderStatus.AwaitingStock)]
    public void Only_pending_orders_expire(OrderStatus status)
    {
        var order = NewOrder(status);

        Assert.False(order.Expire());

        Assert.Equal(status, order.Status);
    }

    [Fact]
    public void A_paid_order_no_longer_expires()
    {
        var order = NewOrder();
        order.MarkPaid(PlacedAt.AddMinutes(1));

        Assert.False(order.Expire());

        Assert.Equal(OrderStatus.Processing, order.Status);
    }
}
