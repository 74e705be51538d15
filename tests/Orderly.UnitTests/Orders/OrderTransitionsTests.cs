using Orderly.Orders;
using Orderly.Orders.Contracts;

namespace Orderly.UnitTests.Orders;

/// <summary>The full from × to matrix: every pair is listed as allowed or refused, so any change to the table shows here.</summary>
public sealed class OrderTransitionsTests
{
    private const OrderStatus Pending = OrderStatus.Pending, Processing = OrderStatus.Processing, Completed = OrderStatus.Completed,
        Failed = OrderStatus.Failed, Cancelled = OrderStatus.Cancelled, OnHold = OrderStatus.OnHold, AwaitingStock = OrderStatus.AwaitingStock,
        PartiallyRefunded = OrderStatus.PartiallyRefunded, Refunded = OrderStatus.Refunded;

    private static readonly Dictionary<OrderStatus, OrderStatus[]> Expected = new()
    {
        [Pending] = [Processing, Failed, Cancelled, OnHold],
        [Failed] = [Processing, Cancelled],
        [Cancelled] = [Processing],
        [Processing] = [Completed, AwaitingStock, OnHold, PartiallyRefunded, Refunded],
        [AwaitingStock] = [Processing, Completed, OnHold, Cancelled, PartiallyRefunded, Refunded],
        [OnHold] = [Processing, Cancelled, PartiallyRefunded, Refunded],
        [Completed] = [OnHold, PartiallyRefunded, Refunded],
        [PartiallyRefunded] = [OnHold, PartiallyRefunded, Refunded],
        [Refunded] = [],
    };

    public static TheoryData<OrderStatus, OrderStatus, bool> Matrix()
    {
        var data = new TheoryData<OrderStatus, OrderStatus, bool>();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>())
            {
                data.Add(from, to, Expected[from].Contains(to));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_move_is_allowed_or_refused_as_the_table_says(OrderStatus from, OrderStatus to, bool allowed) =>
        Assert.Equal(allowed, OrderTransitions.IsAllowed(from, to));

    [Fact]
    public void The_matrix_covers_every_status() =>
        Assert.Equal(Enum.GetValues<OrderStatus>().Order(), Expected.Keys.Order());

    [Fact]
    public void Refunded_is_final() =>
        Assert.All(Enum.GetValues<OrderStatus>(), to => Assert.False(OrderTransitions.IsAllowed(Refunded, to)));
}
