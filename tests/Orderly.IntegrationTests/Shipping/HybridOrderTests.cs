using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;
using Orderly.Shipping.Contracts;
using static Orderly.IntegrationTests.Checkout.CheckoutShop;

namespace Orderly.IntegrationTests.Shipping;

/// <summary>D6: one cart of a key and a boxed product; the key is delivered at once, the box goes through the shipment workflow.</summary>
public sealed partial class HybridOrderTests
{
    [GeneratedRegex(@"http://orderly\.test/library\?token=[A-Za-z0-9_\-\.]+")]
    private static partial Regex LibraryLink();

    private static Task<HttpResponseMessage> StepAsync(OrderlyApp app, Guid shipmentId, string step, object? body = null) =>
        app.Admin().PostAsJsonAsync($"/api/admin/shipments/{shipmentId}/{step}", body ?? new { });

    private static async Task<JsonElement> ShipmentOfAsync(OrderlyApp app, Guid orderId)
    {
        await app.WaitUntilAsync(db => db.Set<Orderly.Shipping.Shipment>().AnyAsync(s => s.OrderId == orderId), "the shipment exists");
        return Assert.Single((await Json(await app.Admin().GetAsync($"/api/admin/shipments?orderId={orderId}"), HttpStatusCode.OK)).EnumerateArray());
    }

    /// <summary>Records the shipment events as a subscriber (Orders) would receive them.</summary>
    internal sealed class ShipmentEvents : IMessageHandler<ShipmentCreated>, IMessageHandler<ShipmentShipped>, IMessageHandler<ShipmentDelivered>
    {
        public static readonly ConcurrentQueue<object> Received = new();

        public Task HandleAsync(ShipmentCreated message, MessageContext context, CancellationToken cancellationToken) => Record(message);

        public Task HandleAsync(ShipmentShipped message, MessageContext context, CancellationToken cancellationToken) => Record(message);

        public Task HandleAsync(ShipmentDelivered message, MessageContext context, CancellationToken cancellationToken) => Record(message);

        private static Task Record(object message)
        {
            Received.Enqueue(message);
            return Task.CompletedTask;
        }
    }

    private static void Subscribe(IServiceCollection services) => services
        .AddMessageHandler<ShipmentCreated, ShipmentEvents>()
        .AddMessageHandler<ShipmentShipped, ShipmentEvents>()
        .AddMessageHandler<ShipmentDelivered, ShipmentEvents>();

    private static async Task<T> ReceivedAsync<T>(OrderlyApp app, Guid orderId, Func<T, Guid> order)
    {
        await app.WaitUntilAsync(_ => Task.FromResult(ShipmentEvents.Received.OfType<T>().Any(m => order(m) == orderId)), $"{typeof(T).Name} arrives");
        return ShipmentEvents.Received.OfType<T>().Single(m => order(m) == orderId);
    }

    [Fact]
    public async Task A_hybrid_order_emails_only_the_key_and_its_box_is_packed_shipped_with_tracking_and_delivered()
    {
        await using var app = new OrderlyApp(services: Subscribe);
        await KeyProductAsync(app, "KEY-H1", 1, price: 1000);
        await PhysicalProductAsync(app, "BOX-H1", 5, price: 2500);
        var email = NewEmail();

        var placed = await Json(await CheckoutAsync(app, new
        {
            email, items = Items(("KEY-H1", 1), ("BOX-H1", 2)), shippingAddress = Address, shippingMethod = "express", billingCountry = "DE",
        }), HttpStatusCode.Created);
        var orderId = placed.GetProperty("orderId").GetGuid();
        Assert.Equal(6000, placed.GetProperty("total").GetProperty("amount").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, 6000))).StatusCode);

        // The code e-mail lists the key only, and says the rest ships.
        var mail = Assert.Single(await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20)));
        Assert.Equal("Your order is ready", mail.Subject);
        Assert.Contains("Product KEY-H1", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Boxed BOX-H1", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("ship separately", mail.TextBody, StringComparison.Ordinal);
        var library = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/library{new Uri(LibraryLink().Match(mail.HtmlBody ?? "").Value).Query}", TestContext.Current.CancellationToken);
        Assert.Equal(["KEY-H1"], library.EnumerateArray().Select(e => e.GetProperty("sku").GetString()));

        // The shipment: packing, to the checkout's address, the physical line only.
        var shipment = await ShipmentOfAsync(app, orderId);
        var shipmentId = shipment.GetProperty("id").GetGuid();
        Assert.Equal(("packing", "express"), (shipment.GetProperty("status").GetString(), shipment.GetProperty("method").GetString()));
        Assert.Equal(("Hauptstraße 1", "DE"), (shipment.GetProperty("address").GetProperty("line1").GetString(), shipment.GetProperty("address").GetProperty("country").GetString()));
        var line = Assert.Single(shipment.GetProperty("lines").EnumerateArray());
        Assert.Equal(("BOX-H1", 2), (line.GetProperty("sku").GetString(), line.GetProperty("quantity").GetInt32()));
        var created = await ReceivedAsync<ShipmentCreated>(app, orderId, m => m.OrderId);
        Assert.Equal(shipmentId, created.ShipmentId);
        Assert.Equal([line.GetProperty("orderLineId").GetGuid()], created.OrderLineIds);

        // Steps out of order are refused and change nothing.
        await Refused(await StepAsync(app, shipmentId, "deliver"), HttpStatusCode.Conflict, "shipping.illegal_transition");
        await Refused(await StepAsync(app, shipmentId, "events", new { status = "In transit" }), HttpStatusCode.Conflict, "shipping.illegal_transition");
        await Refused(await StepAsync(app, shipmentId, "ship", new { carrier = "DHL" }), HttpStatusCode.BadRequest, "request.invalid");

        var shipped = await Json(await StepAsync(app, shipmentId, "ship", new { carrier = "DHL", trackingNumber = "00340434161234567890" }), HttpStatusCode.OK);
        Assert.Equal("shipped", shipped.GetProperty("status").GetString());
        await Refused(await StepAsync(app, shipmentId, "ship", new { carrier = "UPS", trackingNumber = "1Z999" }), HttpStatusCode.Conflict, "shipping.illegal_transition");
        var tracking = (await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email) && m.Subject == "Your order has shipped", 1, TimeSpan.FromSeconds(20))).Single();
        Assert.Contains("00340434161234567890", tracking.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Carrier: DHL", tracking.TextBody, StringComparison.Ordinal);
        Assert.Contains("2 × Boxed BOX-H1", tracking.TextBody, StringComparison.Ordinal);

        var at = new DateTime(2026, 11, 20, 8, 30, 0, DateTimeKind.Utc);
        await Json(await StepAsync(app, shipmentId, "events", new { status = "Arrived at hub", location = "Leipzig", at }), HttpStatusCode.OK);
        // The key is delivered, the box is not: the order is still processing.
        Assert.Equal("processing", (await app.GetOrderAsync(orderId)).GetProperty("status").GetString());
        var delivered = await Json(await StepAsync(app, shipmentId, "deliver"), HttpStatusCode.OK);
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        var completed = await app.WaitForOrderStatusAsync(orderId, "completed");
        Assert.Equal(["shipment_created", "shipment_shipped", "shipment_delivered"],
            completed.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("event").GetString()).Where(e => e is "shipment_created" or "shipment_shipped" or "shipment_delivered"));
        await Refused(await StepAsync(app, shipmentId, "deliver"), HttpStatusCode.Conflict, "shipping.illegal_transition");

        // The buyer's view: status, courier and tracking, no street address.
        var mine = Assert.Single((await Json(await app.CreateClient().GetAsync($"/api/orders/{orderId}/shipments", TestContext.Current.CancellationToken), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(("delivered", "DHL", "00340434161234567890"), (mine.GetProperty("status").GetString(), mine.GetProperty("carrier").GetString(), mine.GetProperty("trackingNumber").GetString()));
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("address").ValueKind);
        var trackingEvent = Assert.Single(mine.GetProperty("events").EnumerateArray());
        Assert.Equal(("Arrived at hub", "Leipzig", at), (trackingEvent.GetProperty("status").GetString(), trackingEvent.GetProperty("location").GetString(), trackingEvent.GetProperty("at").GetDateTime()));

        var shippedEvent = await ReceivedAsync<ShipmentShipped>(app, orderId, m => m.OrderId);
        Assert.Equal((shipmentId, "DHL", "00340434161234567890"), (shippedEvent.ShipmentId, shippedEvent.Carrier, shippedEvent.TrackingNumber));
        Assert.Equal(shipmentId, (await ReceivedAsync<ShipmentDelivered>(app, orderId, m => m.OrderId)).ShipmentId);
        Assert.Equal(HttpStatusCode.NotFound, (await StepAsync(app, Guid.NewGuid(), "deliver")).StatusCode);
    }

    [Fact]
    public async Task A_physical_only_order_sends_no_code_email_and_gets_a_shipment()
    {
        await using var app = new OrderlyApp();
        await PhysicalProductAsync(app, "BOX-H2", 3, price: 2500);
        var email = NewEmail();

        var placed = await Json(await CheckoutAsync(app, new { email, items = Items(("BOX-H2", 1)), paymentMethod = "cod", shippingAddress = Address, shippingMethod = "standard" }),
            HttpStatusCode.Created);
        var orderId = placed.GetProperty("orderId").GetGuid();
        Assert.Equal("cod", placed.GetProperty("payment").GetProperty("provider").GetString());
        // Cash on delivery: an admin records the money (here before the courier leaves, to start the shipment).
        await Json(await app.Admin().PostAsJsonAsync($"/api/admin/orders/{orderId}/mark-paid", new { reference = "COD-0001" }, TestContext.Current.CancellationToken), HttpStatusCode.Accepted);

        Assert.Equal("packing", (await ShipmentOfAsync(app, orderId)).GetProperty("status").GetString());
        await HandledAsync(app, "SendDeliveryEmail", 1);
        Assert.Empty(await Sink.MessagesToAsync(email));
        Assert.Equal(0, await app.QueryAsync(db => db.Set<Orderly.Delivery.SentEmail>().CountAsync(e => e.OrderId == orderId)));
    }

    [Fact]
    public async Task A_cart_with_a_physical_line_needs_an_address_and_an_all_digital_cart_takes_none()
    {
        await using var app = new OrderlyApp();
        await KeyProductAsync(app, "KEY-H3", 1);
        await PhysicalProductAsync(app, "BOX-H3", 1);

        await Refused(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("BOX-H3", 1)), shippingMethod = "standard" }),
            HttpStatusCode.BadRequest, "checkout.shipping_address_required");
        await Refused(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("BOX-H3", 1)), shippingAddress = Address, shippingMethod = "drone" }),
            HttpStatusCode.BadRequest, "checkout.shipping_method_unavailable");
        await Refused(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("KEY-H3", 1)), shippingAddress = Address, shippingMethod = "standard" }),
            HttpStatusCode.BadRequest, "checkout.shipping_not_required");
        await Refused(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("BOX-H3", 1)), shippingAddress = new { name = "Ada", line1 = "x", city = "y", postalCode = "1", country = "Deutschland" }, shippingMethod = "standard" }),
            HttpStatusCode.BadRequest, "request.invalid");

        Assert.Equal(0, await OrderCountAsync(app));
        Assert.Equal((1, 0, 0), await StockAsync(app, "BOX-H3"));
    }
}
