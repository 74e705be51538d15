using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Orders;
using Orderly.Orders.Contracts;
using static Orderly.IntegrationTests.Checkout.CheckoutShop;

namespace Orderly.IntegrationTests.Checkout;

/// <summary><c>POST /api/checkout</c> takes optional billing details: validated with problem+json, stored on the order, erased with the account.</summary>
public sealed class BillingDetailsTests
{
    [Fact]
    public async Task Bad_billing_details_are_refused_per_field_and_nothing_is_written()
    {
        await using var app = new OrderlyApp();
        await KeyProductAsync(app, "KEY-BILL-BAD", 2);
        var problem = await Refused(await CheckoutAsync(app, new
        {
            email = NewEmail(), items = Items(("KEY-BILL-BAD", 1)), billingCountry = "DE",
            billing = new { name = "", company = new string('x', 201), vatId = "X!", line1 = "Hauptstraße 1", city = "Berlin", postalCode = "10115", country = "FR" },
        }), HttpStatusCode.BadRequest, "request.invalid");
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "billing.name", "billing.company", "billing.vatId", "billing.country" }, fields);
        Assert.DoesNotContain("billing.city", fields);

        // Copying the shipping address needs one: a digital cart has none.
        var copied = await Refused(await CheckoutAsync(app, new { email = NewEmail(), items = Items(("KEY-BILL-BAD", 1)), billing = new { company = "Acme", sameAsShipping = true } }),
            HttpStatusCode.BadRequest, "request.invalid");
        Assert.Contains(copied.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "billing.sameAsShipping");
        Assert.Equal(0, await OrderCountAsync(app));
        Assert.Equal(0, await app.QueryAsync(db => db.Set<OrderBilling>().CountAsync()));
    }

    [Fact]
    public async Task Billing_details_are_stored_copied_from_the_shipping_address_on_request_and_blanked_when_the_buyer_is_erased()
    {
        await using var app = new OrderlyApp();
        await KeyProductAsync(app, "KEY-BILL", 2);
        await PhysicalProductAsync(app, "BOX-BILL", stock: 2);
        var email = NewEmail();
        var digital = await Json(await CheckoutAsync(app, new
        {
            email, items = Items(("KEY-BILL", 1)),
            billing = new { name = " Ada Buyer ", company = "Acme GmbH", vatId = "de 123.456.789", line1 = "Hauptstraße 1", city = "Berlin", postalCode = "10115", country = "de" },
        }), HttpStatusCode.Created);
        var shipped = await Json(await CheckoutAsync(app, new
        {
            email, items = Items(("BOX-BILL", 1)), shippingAddress = Address, shippingMethod = "standard",
            billing = new { company = "Acme GmbH", vatId = "DE123456789", sameAsShipping = true },
        }), HttpStatusCode.Created);
        var (digitalId, shippedId) = (digital.GetProperty("orderId").GetGuid(), shipped.GetProperty("orderId").GetGuid());
        // The billing address's country stands for the missing billingCountry (fraud rules and VAT follow it).
        var placedEvents = (await OutboxAsync(app, "orders.order_placed")).Select(p => System.Text.Json.JsonDocument.Parse(p).RootElement).ToList();
        Assert.Equal("DE", placedEvents.Single(e => e.GetProperty("orderId").GetGuid() == digitalId).GetProperty("buyer").GetProperty("billingCountry").GetString());

        var stored = await app.QueryAsync(db => db.Set<OrderBilling>().AsNoTracking().ToDictionaryAsync(b => b.OrderId));
        Assert.Equal(new BillingDetails("Ada Buyer", "Acme GmbH", "DE123456789", "Hauptstraße 1", null, "Berlin", "10115", "DE"), stored[digitalId].ToDetails());
        Assert.Equal(new BillingDetails("Ada Buyer", "Acme GmbH", "DE123456789", "Hauptstraße 1", null, "Berlin", "10115", "DE"), stored[shippedId].ToDetails());

        // The buyer's order (and so the data export) carries them; erasure blanks them, the country stays.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var seen = await scope.ServiceProvider.GetRequiredService<IBuyerOrders>().FindAsync(email, digitalId, TestContext.Current.CancellationToken);
            Assert.Equal("Acme GmbH", seen!.Billing!.Company);
            await scope.ServiceProvider.GetRequiredService<IBuyerOrderErasure>().AnonymizeAsync(email, "erased@invalid", TestContext.Current.CancellationToken);
        }
        var erased = await app.QueryAsync(db => db.Set<OrderBilling>().AsNoTracking().SingleAsync(b => b.OrderId == digitalId));
        Assert.Equal(new BillingDetails("", null, null, "", null, "", "", "DE"), erased.ToDetails());
    }
}
