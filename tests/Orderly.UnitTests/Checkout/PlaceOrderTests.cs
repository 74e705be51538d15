using Orderly.Checkout;

namespace Orderly.UnitTests.Checkout;

public sealed class PlaceOrderTests
{
    private static PlaceOrderRequest Request(string? email = "buyer@example.com", params PlaceOrderItem[] items) =>
        new(email, items.Length == 0 ? [new PlaceOrderItem("GAME-001", 1)] : items);

    private static IEnumerable<PlaceOrderItem> Lines(int count) =>
        Enumerable.Range(0, count).Select(i => new PlaceOrderItem($"SKU-{i}", 1));

    [Fact]
    public void A_well_formed_request_has_no_errors()
    {
        var request = Request("buyer@example.com", new PlaceOrderItem("GAME-001", 2), new PlaceOrderItem("EBOOK-7", 1));

        Assert.Empty(PlaceOrder.Validate(request));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("buyer")]
    [InlineData("buyer@")]
    [InlineData("@example.com")]
    [InlineData("Buyer <buyer@example.com>")]
    [InlineData("buyer@example.com, other@example.com")]
    public void A_bad_email_is_reported(string? email)
    {
        var error = Assert.Single(PlaceOrder.Validate(Request(email)));

        Assert.Equal("email", error.Field);
    }

    [Theory]
    [InlineData("buyer@example.com")]
    [InlineData("first.last+tag@sub.example.co.uk")]
    public void Plain_addresses_are_emails(string email)
    {
        Assert.True(PlaceOrder.IsEmail(email));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ab")]
    [InlineData("no-at-sign.example.com")]
    [InlineData("Buyer <buyer@example.com>")]
    public void Display_names_and_non_addresses_are_not_emails(string? email)
    {
        Assert.False(PlaceOrder.IsEmail(email));
    }

    [Fact]
    public void An_address_longer_than_254_characters_is_not_an_email()
    {
        var local = new string('a', 64);
        var domain = string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".com";
        var email = $"{local}@{domain}";

        Assert.True(email.Length > 254);
        Assert.False(PlaceOrder.IsEmail(email));
    }

    [Fact]
    public void A_request_without_items_is_reported()
    {
        var error = Assert.Single(PlaceOrder.Validate(new PlaceOrderRequest("buyer@example.com", null)));

        Assert.Equal("items", error.Field);
    }

    [Fact]
    public void A_request_with_an_empty_item_list_is_reported()
    {
        var error = Assert.Single(PlaceOrder.Validate(new PlaceOrderRequest("buyer@example.com", [])));

        Assert.Equal("items", error.Field);
    }

    [Fact]
    public void A_request_with_more_than_fifty_items_is_reported()
    {
        var error = Assert.Single(PlaceOrder.Validate(new PlaceOrderRequest("buyer@example.com", Lines(51).ToList())));

        Assert.Equal("items", error.Field);
        Assert.Contains("1 to 50", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_with_exactly_fifty_items_is_accepted()
    {
        Assert.Empty(PlaceOrder.Validate(new PlaceOrderRequest("buyer@example.com", Lines(50).ToList())));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public void A_quantity_outside_one_to_one_hundred_is_reported_for_that_line(int quantity)
    {
        var request = Request("buyer@example.com", new PlaceOrderItem("GAME-001", 1), new PlaceOrderItem("GAME-002", quantity));

        var error = Assert.Single(PlaceOrder.Validate(request));

        Assert.Equal("items[1].quantity", error.Field);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void Quantities_at_the_bounds_are_accepted(int quantity)
    {
        Assert.Empty(PlaceOrder.Validate(Request("buyer@example.com", new PlaceOrderItem("GAME-001", quantity))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_line_without_a_sku_is_reported(string? sku)
    {
        var error = Assert.Single(PlaceOrder.Validate(Request("buyer@example.com", new PlaceOrderItem(sku, 1))));

        Assert.Equal("items[0].sku", error.Field);
    }

    [Fact]
    public void A_null_line_reports_both_sku_and_quantity()
    {
        var request = new PlaceOrderRequest("buyer@example.com", [null!]);

        Assert.Equal(["items[0].sku", "items[0].quantity"], PlaceOrder.Validate(request).Select(e => e.Field));
    }

    [Fact]
    public void Email_and_item_errors_are_reported_together()
    {
        var errors = PlaceOrder.Validate(Request("nope", new PlaceOrderItem("GAME-001", 0)));

        Assert.Equal(["email", "items[0].quantity"], errors.Select(e => e.Field));
    }
}
