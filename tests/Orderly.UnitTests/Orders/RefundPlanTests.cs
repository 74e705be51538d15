using Orderly.Orders;

namespace Orderly.UnitTests.Orders;

public sealed class RefundPlanTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid();

    private static readonly RefundableLine[] TwoLines = [new(A, 1500, 2), new(B, 900, 1)];

    [Fact]
    public void An_amount_covering_what_is_left_takes_every_unit() =>
        Assert.Equal(new Dictionary<Guid, int> { [A] = 2, [B] = 1 }, RefundPlan.Units(TwoLines, 3900));

    [Fact]
    public void An_amount_worth_whole_units_takes_those_units()
    {
        Assert.Equal(new Dictionary<Guid, int> { [A] = 1 }, RefundPlan.Units(TwoLines, 1500));
        Assert.Equal(new Dictionary<Guid, int> { [A] = 1, [B] = 1 }, RefundPlan.Units(TwoLines, 2400));
    }

    [Fact]
    public void An_amount_matching_no_whole_units_is_left_to_a_person() =>
        Assert.Null(RefundPlan.Units(TwoLines, 1000));

    [Fact]
    public void Units_already_refunded_are_not_taken_again() =>
        Assert.Equal(new Dictionary<Guid, int> { [B] = 1 }, RefundPlan.Units([new(A, 1500, 0), new(B, 900, 1)], 900));

    [Fact]
    public void Named_units_worth_the_amount_are_taken_as_named()
    {
        // Inferred from the amount alone, 3000 would be both units of A; named, it is one of each.
        RefundableLine[] equal = [new(A, 1500, 2), new(B, 1500, 1)];

        Assert.Equal(new Dictionary<Guid, int> { [A] = 1, [B] = 1 }, RefundPlan.Units(equal, 3000, [A, B]));
    }

    [Fact]
    public void Named_lines_not_worth_the_amount_fall_back_to_whole_units_of_those_lines() =>
        Assert.Equal(new Dictionary<Guid, int> { [A] = 2 }, RefundPlan.Units([new(A, 1500, 2)], 3000, [A]));

    [Fact]
    public void A_zero_amount_takes_nothing() =>
        Assert.Null(RefundPlan.Units(TwoLines, 0));
}

public sealed class DiscountedRefundPlanTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid();

    [Fact]
    public void A_discounted_unit_is_worth_its_share_of_what_was_paid_and_all_units_return_exactly_the_paid_amount()
    {
        // 3 × 1000 with 100 off: 2900 paid; units are worth 967, 967, 966.
        var line = new RefundableLine(A, 1000, 3, 3, 2900);

        Assert.Equal(967, line.ValueOf(1));
        Assert.Equal(2900, line.ValueOf(3));
        Assert.Equal(966, (line with { QuantityLeft = 1 }).ValueOf(1));
    }

    [Fact]
    public void A_refund_of_a_discounted_lines_paid_amount_takes_that_line()
    {
        RefundableLine[] lines = [new(A, 2000, 1, 1, 1800), new(B, 1000, 1, 1, 900)];

        Assert.Equal(new Dictionary<Guid, int> { [B] = 1 }, RefundPlan.Units(lines, 900, [B]));
        Assert.Equal(new Dictionary<Guid, int> { [A] = 1 }, RefundPlan.Units(lines, 1800));
        Assert.Null(RefundPlan.Units(lines, 1000)); // the undiscounted price matches nothing
    }
}
