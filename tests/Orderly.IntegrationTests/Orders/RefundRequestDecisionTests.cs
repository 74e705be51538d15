using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Orders;
using Orderly.Orders.Contracts;
using static Orderly.IntegrationTests.Orders.OrdersShop;

namespace Orderly.IntegrationTests.Orders;

/// <summary>I2/H6: staff decide a buyer's refund request through the admin API: approve refunds, decline answers; each closes the request once.</summary>
public sealed class RefundRequestDecisionTests
{
    [Fact]
    public async Task Approving_a_request_refunds_the_requested_line_closes_the_request_and_tells_the_buyer()
    {
        var stripe = new StripeRefunds();
        await using var app = Start(stripe);
        await ProductAsync(app, "DEC-A", keys: 2);
        await ProductAsync(app, "DEC-B", keys: 1, price: 700);
        var (orderId, _, email) = await BuyAsync(app, ("DEC-A", 2), ("DEC-B", 1));
        var lineB = LineOf(await app.GetOrderAsync(orderId), "DEC-B");
        var requestId = await RequestAsync(app, email, orderId, [lineB]);

        var decided = await JsonAsync(await DecideAsync(app, requestId, new { decision = "approve", message = "Sorry about that." }), HttpStatusCode.OK);
        Assert.Equal("approved", decided.GetProperty("status").GetString());

        // Only line B, for what is left of it.
        Assert.Equal((orderId, 700L), stripe.Calls.Select(c => (c.OrderId, c.Amount)).Single());
        var order = await app.WaitForOrderStatusAsync(orderId, "partially_refunded");
        Assert.Equal(700, order.GetProperty("refunded").GetProperty("amount").GetInt64());
        var request = await app.QueryAsync(db => db.Set<RefundRequest>().SingleAsync(r => r.Id == requestId));
        Assert.Equal(("approved", "admin", "Sorry about that."), (request.Status, request.DecidedBy, request.DecisionMessage));
        Assert.True(await app.QueryAsync(db => db.Set<Orderly.Audit.AuditEntry>().AnyAsync(e => e.OrderId == orderId && e.Type == "RefundRequestApproved")));
        var mail = await MailAsync(email, "Your refund request was approved");
        Assert.Contains("Sorry about that.", mail.TextBody, StringComparison.Ordinal);

        // Decided once: a second decision is refused and refunds nothing more.
        await AssertProblemAsync(await DecideAsync(app, requestId, new { decision = "approve" }), HttpStatusCode.Conflict, DecideRefundRequest.AlreadyDecidedCode);
        Assert.Single(stripe.Calls);
    }

    [Fact]
    public async Task Declining_needs_a_message_closes_the_request_shows_the_message_to_the_buyer_who_may_ask_again()
    {
        var stripe = new StripeRefunds();
        await using var app = Start(stripe);
        await ProductAsync(app, "DEC-C", keys: 1);
        var (orderId, _, email) = await BuyAsync(app, ("DEC-C", 1));
        var requestId = await RequestAsync(app, email, orderId, []);

        await AssertProblemAsync(await DecideAsync(app, requestId, new { decision = "decline" }), HttpStatusCode.BadRequest, "request.invalid");
        await AssertProblemAsync(await DecideAsync(app, requestId, new { decision = "maybe", message = "x" }), HttpStatusCode.BadRequest, "request.invalid");
        await AssertProblemAsync(await DecideAsync(app, Guid.NewGuid(), new { decision = "approve" }), HttpStatusCode.NotFound, DecideRefundRequest.NotFoundCode);
        var open = await app.Admin().GetFromJsonAsync<List<ListRefundRequests.RefundRequestItem>>("/api/admin/orders/refund-requests?status=open", TestContext.Current.CancellationToken);
        Assert.Equal(requestId, Assert.Single(open!).Id);

        await JsonAsync(await DecideAsync(app, requestId, new { decision = "decline", message = "The code was redeemed on your account." }), HttpStatusCode.OK);
        Assert.Empty(stripe.Calls);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var seen = await scope.ServiceProvider.GetRequiredService<IBuyerOrders>().FindAsync(email.ToUpperInvariant(), orderId, TestContext.Current.CancellationToken);
            Assert.Equal(("declined", "The code was redeemed on your account."), (seen!.RefundRequest!.Status, seen.RefundRequest.DecisionMessage));
            Assert.Equal("completed", OrderStatusMover.Wire(seen.Status));
        }
        var mail = await MailAsync(email, "About your refund request");
        Assert.Contains("The code was redeemed on your account.", mail.TextBody, StringComparison.Ordinal);
        Assert.True(await app.QueryAsync(db => db.Set<Orderly.Audit.AuditEntry>().AnyAsync(e => e.OrderId == orderId && e.Type == "RefundRequestDeclined")));

        // Asking again opens a new request (one open at a time).
        var again = await RequestAsync(app, email, orderId, []);
        Assert.NotEqual(requestId, again);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var refused = await scope.ServiceProvider.GetRequiredService<RequestRefund.Handler>().HandleAsync(email, orderId, "third", [], TestContext.Current.CancellationToken);
            Assert.IsType<RequestRefund.Outcome.AlreadyOpen>(refused);
        }
    }

    internal static async Task<Guid> RequestAsync(OrderlyApp app, string email, Guid orderId, IReadOnlyCollection<Guid> lines)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<RequestRefund.Handler>().HandleAsync(email, orderId, "It does not work.", lines, TestContext.Current.CancellationToken);
        return Assert.IsType<RequestRefund.Outcome.Requested>(outcome).Id;
    }

    private static Task<HttpResponseMessage> DecideAsync(OrderlyApp app, Guid requestId, object body) =>
        app.Admin().PostAsJsonAsync($"/api/admin/orders/refund-requests/{requestId}/decision", body);
}
