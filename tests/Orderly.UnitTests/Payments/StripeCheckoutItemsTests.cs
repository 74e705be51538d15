using Orderly.Payments.Contracts;
using Orderly.Payments.Stripe;

namespace Orderly.UnitTests.Payments;

public sealed class StripeCheckoutItemsTests
{
    [Fact]
    public void Discounted_lines_go_at_their_net_amount_and_added_vat_is_an_item_so_the_items_add_up_to_the_total()
    {
        // 3 × 10.00 with 1.00 off (does not divide by 3) and 1 × 5.00 with 0.50 off; VAT 19 % added: 6.17.
        var request = new PaymentStartRequest(Guid.NewGuid(), "a@example.com", 2900 + 450 + 617, "EUR",
            [new("A", "Alpha", 3, 1000, 100), new("B", "Beta", 1, 500, 50)], "https://r", "https://c", false,
            new PaymentBreakdown(3500, 150, 0, 617, "SAVE", 19));

        var items = StartStripeCheckout.LineItems(request, "eur");

        Assert.Equal([("3 × Alpha", 2900L, 1L), ("Beta", 450L, 1L), ("VAT 19 %", 617L, 1L)],
            items.Select(i => (i.PriceData.ProductData.Name, i.PriceData.UnitAmount!.Value, i.Quantity!.Value)));
        Assert.Equal(request.Amount, items.Sum(i => i.PriceData.UnitAmount!.Value * i.Quantity!.Value));
    }

    [Fact]
    public void Lines_without_a_discount_keep_their_unit_price_and_quantity()
    {
        var request = new PaymentStartRequest(Guid.NewGuid(), "a@example.com", 3000, "EUR", [new("A", "Alpha", 2, 1500)], "https://r", "https://c", false);

        var item = Assert.Single(StartStripeCheckout.LineItems(request, "eur"));

        Assert.Equal(("Alpha", 1500L, 2L), (item.PriceData.ProductData.Name, item.PriceData.UnitAmount!.Value, item.Quantity!.Value));
    }
}
