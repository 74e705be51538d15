using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orderly.Fraud;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;

namespace Orderly.IntegrationTests.Fraud;

/// <summary>
/// A risky paid order is held before anything is allocated, waits in the review queue, and is
/// delivered on approval (by an admin or the timeout) or refunded and cancelled on rejection.
/// Refunds go through a recording IPaymentRefunds: the provider refund implementations are tested
/// with their own simulated APIs.
/// </summary>
public sealed class FraudReviewTests
{
    private static SmtpSink Sink => SmtpSink.FromEnvironment() ?? throw new InvalidOperationException("No SMTP sink configured: run ./test.sh (it starts one).");

    /// <summary>Disposable domain (40) + amount above 10.00 EUR (30) = 70, the default hold threshold.</summary>
    private static readonly Dictionary<string, string?> RiskySettings = new() { ["Fraud:AmountThresholds:EUR"] = "1000" };

    private sealed class RecordingRefunds : IPaymentRefunds
    {
        public ConcurrentQueue<(Guid OrderId, long Amount, string Reason, IReadOnlyList<Guid> Lines)> Calls { get; } = new();

        public string? FailWith { get; set; }

        public Task<PaymentRecord?> FindPaymentAsync(Guid orderId, CancellationToken cancellationToken) => Task.FromResult<PaymentRecord?>(null);

        public Task<GatewayRefund> RefundAsync(Guid orderId, long amount, string reason, IReadOnlyList<Guid> orderLineIds, CancellationToken cancellationToken)
        {
            Calls.Enqueue((orderId, amount, reason, orderLineIds));
            return Task.FromResult(FailWith is null ? new GatewayRefund(true, $"re_{Calls.Count}", null) : new GatewayRefund(false, null, FailWith));
        }
    }

    private sealed class CancelRequests
    {
        public ConcurrentQueue<OrderCancelRequested> Received { get; } = new();
    }

    private sealed class RecordCancelRequests(CancelRequests requests) : IMessageHandler<OrderCancelRequested>
    {
        public Task HandleAsync(OrderCancelRequested message, MessageContext context, CancellationToken cancellationToken)
        {
            requests.Received.Enqueue(message);
            return Task.CompletedTask;
        }
    }

    private static OrderlyApp App(RecordingRefunds refunds, CancelRequests? cancels = null, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(RiskySettings);
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        return new OrderlyApp(settings, services =>
        {
            services.AddSingleton<IPaymentRefunds>(refunds);
            services.AddSingleton(cancels ?? new CancelRequests());
            services.AddMessageHandler<OrderCancelRequested, RecordCancelRequests>();
        });
    }

    private static async Task<(Guid OrderId, long Total, string Email)> PlaceHeldOrderAsync(OrderlyApp app, string sku)
    {
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync(sku)).StatusCode);
        await app.ImportKeysAsync(sku, [$"{sku}-AAAA-1111", $"{sku}-BBBB-2222"]);
        var email = $"buyer-{Guid.NewGuid():N}@mailinator.com";
        var (orderId, total) = await app.PlaceOrderAsync(email, (sku, 1));
        Assert.Equal(HttpStatusCode.OK, (await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total))).StatusCode);
        await app.WaitForOrderStatusAsync(orderId, "on_hold");
        return (orderId, total, email);
    }

    private static async Task<JsonElement?> ReviewOfAsync(OrderlyApp app, Guid orderId)
    {
        var queue = await app.Admin().GetFromJsonAsync<JsonElement>("/api/admin/fraud/reviews", TestContext.Current.CancellationToken);
        return queue.EnumerateArray().Where(r => r.GetProperty("orderId").GetGuid() == orderId).Select(r => (JsonElement?)r).FirstOrDefault();
    }

    private static Task<DateTime> HeldAtAsync(OrderlyApp app, Guid orderId) =>
        app.QueryAsync(db => db.Set<FraudAssessment>().Where(a => a.OrderId == orderId).Select(a => a.AssessedAt).SingleAsync());

    /// <summary>One round of the review timeout as if the clock said <paramref name="at"/>.</summary>
    private static async Task<int> SweepTimeoutsAtAsync(OrderlyApp app, DateTime at)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var clock = new FakeTimeProvider(new DateTimeOffset(at, TimeSpan.Zero));
        return await ActivatorUtilities.CreateInstance<ApplyReviewTimeoutsHandler>(scope.ServiceProvider, (TimeProvider)clock)
            .HandleAsync(100, TestContext.Current.CancellationToken);
    }

    private static Task<int> KeysOfAsync(OrderlyApp app, Guid orderId) =>
        app.QueryAsync(db => db.Set<Orderly.Keys.LicenseKey>().CountAsync(k => k.OrderId == orderId));

    private static async Task<List<JsonElement>> AuditAsync(OrderlyApp app, Guid orderId, string type)
    {
        var audit = await app.Admin().GetFromJsonAsync<JsonElement>($"/api/admin/orders/{orderId}/audit", TestContext.Current.CancellationToken);
        return audit.EnumerateArray().Where(e => e.GetProperty("type").GetString() == type).ToList();
    }

    [Fact]
    public async Task A_risky_order_is_held_with_its_reasons_and_an_approval_delivers_it_while_a_clean_order_goes_straight_through()
    {
        await using var app = App(new RecordingRefunds());
        var ct = TestContext.Current.CancellationToken;
        var (orderId, _, email) = await PlaceHeldOrderAsync(app, "RISK-1");

        var review = await ReviewOfAsync(app, orderId) ?? throw new InvalidOperationException("the held order is not in the review queue");
        Assert.Equal(70, review.GetProperty("score").GetInt32());
        var reasons = review.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("disposable e-mail domain mailinator.com (+40)", reasons);
        Assert.Contains("amount 15.00 EUR above 10.00 (+30)", reasons);
        Assert.True(review.GetProperty("ageSeconds").GetInt64() >= 0);
        Assert.Equal(0, await KeysOfAsync(app, orderId));
        Assert.Contains("mailinator.com", Assert.Single(await AuditAsync(app, orderId, "FulfillmentHeldForReview")).ToString(), StringComparison.Ordinal);
        Assert.Contains((await app.GetOrderAsync(orderId)).GetProperty("timeline").EnumerateArray(),
            t => t.GetProperty("event").GetString() == "on_hold" && t.GetProperty("detail").GetString()!.StartsWith("fraud review: score 70", StringComparison.Ordinal));

        // An order from an ordinary address fires the amount rule alone: scored, below the threshold, delivered.
        var (cleanId, cleanTotal) = await app.PlaceOrderAsync($"clean-{Guid.NewGuid():N}@example.com", ("RISK-1", 1));
        await app.PayAsync(StripeEvents.PaymentIntentSucceeded(cleanId, cleanTotal));
        await app.WaitForOrderStatusAsync(cleanId, "completed");
        var cleanAssessment = await app.QueryAsync(db => db.Set<FraudAssessment>().SingleAsync(a => a.OrderId == cleanId));
        Assert.Equal((30, ReviewStatus.None), (cleanAssessment.Score, cleanAssessment.Review));
        Assert.Equal(["amount 15.00 EUR above 10.00 (+30)"], cleanAssessment.ReasonList);

        var approved = await app.Admin().PostAsync($"/api/admin/fraud/reviews/{orderId}/approve", null, ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var decision = await approved.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(("approved", "admin"), (decision.GetProperty("decision").GetString(), decision.GetProperty("decidedBy").GetString()));

        await app.WaitForOrderStatusAsync(orderId, "completed");
        var mail = (await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20))).Single();
        Assert.Contains("RISK-1-", mail.HtmlBody ?? "", StringComparison.Ordinal);
        Assert.Null(await ReviewOfAsync(app, orderId));
        var audited = Assert.Single(await AuditAsync(app, orderId, "FraudReviewApproved"));
        Assert.Equal("admin", audited.GetProperty("actor").GetString());
        Assert.Single(await AuditAsync(app, orderId, "FulfillmentResumed"));

        foreach (var again in new[] { "approve", "reject" })
        {
            var second = await app.Admin().PostAsJsonAsync($"/api/admin/fraud/reviews/{orderId}/{again}", new { reason = "second thoughts" }, ct);
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            Assert.Contains("fraud.already_decided", await second.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
        var unknown = await app.Admin().PostAsync($"/api/admin/fraud/reviews/{Guid.NewGuid()}/approve", null, ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/admin/fraud/reviews", ct)).StatusCode);
    }

    [Fact]
    public async Task A_rejection_refunds_the_whole_order_then_requests_its_cancellation_and_no_code_is_ever_assigned()
    {
        var refunds = new RecordingRefunds { FailWith = "charge_disputed: the charge is disputed" };
        var cancels = new CancelRequests();
        await using var app = App(refunds, cancels);
        var ct = TestContext.Current.CancellationToken;
        var (orderId, total, email) = await PlaceHeldOrderAsync(app, "RISK-2");
        var lineIds = (await app.GetOrderAsync(orderId)).GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()).ToList();

        var noReason = await app.Admin().PostAsJsonAsync($"/api/admin/fraud/reviews/{orderId}/reject", new { reason = " " }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Empty(refunds.Calls);

        // The provider refuses: 502 with its error, the review stays open.
        var refused = await app.Admin().PostAsJsonAsync($"/api/admin/fraud/reviews/{orderId}/reject", new { reason = "stolen card" }, ct);
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync(ct);
        Assert.Contains("fraud.refund_failed", problem, StringComparison.Ordinal);
        Assert.Contains("charge_disputed: the charge is disputed", problem, StringComparison.Ordinal);
        Assert.NotNull(await ReviewOfAsync(app, orderId));
        Assert.Empty(cancels.Received);

        refunds.FailWith = null;
        var rejected = await app.Admin().PostAsJsonAsync($"/api/admin/fraud/reviews/{orderId}/reject", new { reason = "stolen card" }, ct);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("re_2", (await rejected.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("refundId").GetString());

        Assert.Equal(2, refunds.Calls.Count);
        var refund = refunds.Calls.Last();
        Assert.Equal((orderId, total, "fraud review: stolen card"), (refund.OrderId, refund.Amount, refund.Reason));
        Assert.Equal(lineIds.Order(), refund.Lines.Order());
        await app.WaitUntilAsync(_ => Task.FromResult(!cancels.Received.IsEmpty), "the cancellation is requested");
        var cancel = Assert.Single(cancels.Received);
        Assert.Equal((orderId, "fraud_review", "stolen card"), (cancel.OrderId, cancel.Source, cancel.Reason));

        var audited = Assert.Single(await AuditAsync(app, orderId, "FraudReviewRejected"));
        Assert.Contains("re_2", audited.ToString(), StringComparison.Ordinal);
        Assert.Single(await AuditAsync(app, orderId, "FraudRejectRefundFailed"));
        var again = await app.Admin().PostAsync($"/api/admin/fraud/reviews/{orderId}/approve", null, ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // Nothing was assigned or sent, even after the dispatcher had time to act on the decision.
        await Task.Delay(500, ct);
        Assert.Equal(0, await KeysOfAsync(app, orderId));
        Assert.Empty(await Sink.MessagesToAsync(email));
        Assert.Equal(0, await app.QueryAsync(db => db.Set<Orderly.Delivery.SentEmail>().CountAsync(e => e.OrderId == orderId)));
    }

    [Fact]
    public async Task An_unattended_review_is_approved_by_the_timeout_and_the_order_delivered()
    {
        await using var app = App(new RecordingRefunds());
        var (orderId, _, email) = await PlaceHeldOrderAsync(app, "RISK-3");
        var heldAt = await HeldAtAsync(app, orderId);

        Assert.Equal(0, await SweepTimeoutsAtAsync(app, heldAt.AddHours(23)));
        Assert.NotNull(await ReviewOfAsync(app, orderId));
        Assert.Equal(1, await SweepTimeoutsAtAsync(app, heldAt.AddHours(24).AddSeconds(1)));
        Assert.Equal(0, await SweepTimeoutsAtAsync(app, heldAt.AddHours(25)));

        await app.WaitForOrderStatusAsync(orderId, "completed");
        Assert.Single(await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20)));
        Assert.Equal("system:timeout", Assert.Single(await AuditAsync(app, orderId, "FraudReviewApproved")).GetProperty("actor").GetString());
    }

    [Fact]
    public async Task An_unattended_review_with_the_reject_outcome_is_refunded_and_cancelled_by_the_timeout()
    {
        var refunds = new RecordingRefunds();
        var cancels = new CancelRequests();
        await using var app = App(refunds, cancels, new() { ["Fraud:TimeoutOutcome"] = "reject", ["Fraud:ReviewTimeout"] = "02:00:00" });
        var (orderId, total, _) = await PlaceHeldOrderAsync(app, "RISK-4");
        var heldAt = await HeldAtAsync(app, orderId);
        Assert.Equal("reject", (await ReviewOfAsync(app, orderId))!.Value.GetProperty("timeoutOutcome").GetString());

        Assert.Equal(1, await SweepTimeoutsAtAsync(app, heldAt.AddHours(2).AddSeconds(1)));

        var refund = Assert.Single(refunds.Calls);
        Assert.Equal((orderId, total), (refund.OrderId, refund.Amount));
        await app.WaitUntilAsync(_ => Task.FromResult(!cancels.Received.IsEmpty), "the cancellation is requested");
        Assert.Equal("fraud_review", Assert.Single(cancels.Received).Source);
        Assert.Equal("system:timeout", Assert.Single(await AuditAsync(app, orderId, "FraudReviewRejected")).GetProperty("actor").GetString());
        Assert.Equal(0, await KeysOfAsync(app, orderId));
    }

    [Fact]
    public async Task Velocity_counts_the_orders_of_one_email_address_within_the_window()
    {
        await using var app = App(new RecordingRefunds(), extra: new() { ["Fraud:AmountThresholds:EUR"] = null });
        Assert.Equal(HttpStatusCode.Created, (await app.CreateProductAsync("VELO")).StatusCode);
        await app.ImportKeysAsync("VELO", Enumerable.Range(1, 4).Select(i => $"VELO-{i}"));
        var email = $"Repeat-{Guid.NewGuid():N}@example.com";
        var orders = new List<(Guid OrderId, long Total)>();
        for (var i = 0; i < 4; i++)
        {
            // Spelled differently each time: one address all the same.
            orders.Add(await app.PlaceOrderAsync(i % 2 == 0 ? email : email.ToUpperInvariant(), ("VELO", 1)));
        }
        var stored = email.ToLowerInvariant();
        await app.WaitUntilAsync(async db => await db.Set<OrderSignals>().CountAsync(s => s.Email == stored) == 4, "the four orders' signals are recorded");

        foreach (var (orderId, total) in new[] { orders[2], orders[3] })
        {
            await app.PayAsync(StripeEvents.PaymentIntentSucceeded(orderId, total));
            await app.WaitForOrderStatusAsync(orderId, "completed");
        }

        var assessments = await app.QueryAsync(db => db.Set<FraudAssessment>().Where(a => a.OrderId == orders[2].OrderId || a.OrderId == orders[3].OrderId).ToListAsync());
        // Every order placed in the window counts, the paid one included: four orders, limit three.
        Assert.All(assessments, a => Assert.Equal(["4 orders from this e-mail address in 1 h (limit 3) (+25)"], a.ReasonList));
        Assert.Equal(2, assessments.Count);
    }

    [Fact]
    public async Task A_held_order_cancelled_elsewhere_is_never_approved_by_the_timeout_and_its_review_closes()
    {
        await using var app = App(new RecordingRefunds());
        var ct = TestContext.Current.CancellationToken;
        var (orderId, _, email) = await PlaceHeldOrderAsync(app, "RISK-5");
        var heldAt = await HeldAtAsync(app, orderId);
        // As if the shop had cancelled and refunded it through Orders meanwhile.
        await app.QueryAsync(db => db.Set<Orderly.Orders.Order>().Where(o => o.Id == orderId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Cancelled), ct));

        Assert.Equal(0, await SweepTimeoutsAtAsync(app, heldAt.AddHours(25)));

        Assert.Equal(ReviewStatus.Closed, await app.QueryAsync(db => db.Set<FraudAssessment>().Where(a => a.OrderId == orderId).Select(a => a.Review).SingleAsync()));
        Assert.Null(await ReviewOfAsync(app, orderId));
        Assert.Equal("system:timeout", Assert.Single(await AuditAsync(app, orderId, "FraudReviewClosed")).GetProperty("actor").GetString());
        var approve = await app.Admin().PostAsync($"/api/admin/fraud/reviews/{orderId}/approve", null, ct);
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Contains("fraud.already_decided", await approve.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        await Task.Delay(500, ct);
        Assert.Equal(0, await KeysOfAsync(app, orderId));
        Assert.Empty(await Sink.MessagesToAsync(email));
    }
}
