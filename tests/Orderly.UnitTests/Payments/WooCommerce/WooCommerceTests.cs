using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orderly.Orders.Contracts;
using Orderly.Payments;
using Orderly.Payments.WooCommerce;

namespace Orderly.UnitTests.Payments.WooCommerce;

public sealed class WooCommerceTests
{
    private const string Secret = "woo-secret";

    [Fact]
    public void The_signature_is_base64_HMAC_SHA256_of_the_raw_body()
    {
        var body = """{"id":727}"""u8.ToArray();
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));

        Assert.True(WooSignature.Verify(body, expected, Secret));
        Assert.False(WooSignature.Verify("""{"id":728}"""u8, expected, Secret));
        Assert.False(WooSignature.Verify(body, expected, "other-secret"));
        Assert.False(WooSignature.Verify(body, null, Secret));
    }

    [Theory]
    [InlineData("webhook_id=12", true)]
    [InlineData("webhook_id=", false)]
    [InlineData("""{"id":1}""", false)]
    public void Only_the_creation_ping_body_is_a_ping(string body, bool ping)
    {
        Assert.Equal(ping, WooSignature.IsPing(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void An_order_body_yields_its_lines_total_modification_time_and_the_orderly_order_it_pays()
    {
        var orderly = Guid.CreateVersion7();
        using var json = JsonDocument.Parse($$"""
            {"id":727,"status":"processing","currency":"eur","total":"29.98","date_modified_gmt":"2026-11-23T01:02:03",
             "billing":{"email":"ada@example.com"},"line_items":[{"sku":"SKU-A","quantity":2},{"sku":"SKU-B","quantity":1}],
             "meta_data":[{"id":9,"key":"_other","value":"x"},{"id":10,"key":"orderly_order_id","value":"{{orderly}}"}]}
            """);

        var order = WooOrder.Parse(json.RootElement);

        Assert.NotNull(order);
        Assert.Equal((727L, "processing", "EUR", 2998L, "ada@example.com", orderly), (order.Id, order.Status, order.Currency, order.Total, order.Email, order.OrderlyOrderId));
        Assert.Equal(new DateTime(2026, 11, 23, 1, 2, 3, DateTimeKind.Utc), order.ModifiedGmt);
        Assert.Equal(DateTimeKind.Utc, order.ModifiedGmt.Kind);
        Assert.Equal([("SKU-A", 2), ("SKU-B", 1)], order.Lines);
    }

    [Fact]
    public void An_order_without_a_modification_time_or_a_readable_total_is_not_an_order()
    {
        using var noDate = JsonDocument.Parse("""{"id":1,"status":"pending","currency":"EUR","total":"1.00"}""");
        using var badTotal = JsonDocument.Parse("""{"id":1,"status":"pending","currency":"EUR","total":"1.001","date_modified_gmt":"2026-11-23T00:00:00"}""");

        Assert.Null(WooOrder.Parse(noDate.RootElement));
        Assert.Null(WooOrder.Parse(badTotal.RootElement));
    }

    [Theory]
    [InlineData("processing", true, false, false, false)]
    [InlineData("completed", true, false, false, false)]
    [InlineData("failed", false, true, false, false)]
    [InlineData("cancelled", false, false, true, false)]
    [InlineData("refunded", false, false, false, true)]
    [InlineData("pending", false, false, false, false)]
    [InlineData("on-hold", false, false, false, false)]
    public void A_status_means_a_payment_a_failure_a_cancellation_a_refund_or_nothing(string status, bool paid, bool failed, bool cancelled, bool refunded)
    {
        var order = new WooOrder(727, status, "EUR", 1500, new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), "a@example.com", [("SKU", 1)], null);
        var orderId = Guid.CreateVersion7();

        var incoming = WooStatuses.Signals(new IncomingEvent("woocommerce", "e", "order.updated", "{}", null), order, orderId);

        Assert.Equal(paid, incoming.Signal is { Succeeded: true, PaymentId: "727", Amount: 1500 });
        Assert.Equal(failed, incoming.Signal is { Succeeded: false });
        Assert.Equal(cancelled, incoming.Cancel is not null);
        Assert.Equal(refunded, incoming.Refund is { RefundId: "woo-727-refunded", Amount: 1500, Cumulative: true });
    }

    [Fact]
    public void Orderly_statuses_map_to_Woo_statuses_and_pending_and_partial_refunds_are_not_pushed()
    {
        Assert.Equal("completed", WooStatuses.ToWoo(OrderStatus.Completed));
        Assert.Equal("processing", WooStatuses.ToWoo(OrderStatus.AwaitingStock));
        Assert.Equal("on-hold", WooStatuses.ToWoo(OrderStatus.OnHold));
        Assert.Null(WooStatuses.ToWoo(OrderStatus.Pending));
        Assert.Null(WooStatuses.ToWoo(OrderStatus.PartiallyRefunded));
    }
}
