using System.Text.Json;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>Stripe event bodies shaped as Stripe sends them (API version 2024-06-20 objects).</summary>
internal static class StripeEvents
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string PaymentIntentSucceeded(Guid orderId, long amount, string currency = "eur", string? eventId = null, string? paymentIntentId = null) =>
        Event(eventId, "payment_intent.succeeded", new
        {
            id = paymentIntentId ?? $"pi_{Guid.NewGuid():N}",
            @object = "payment_intent",
            amount,
            amount_received = amount,
            currency,
            status = "succeeded",
            livemode = false,
            metadata = new Dictionary<string, string> { ["order_id"] = orderId.ToString() },
        });

    public static string PaymentIntentFailed(Guid orderId, long amount, string? eventId = null) =>
        Event(eventId, "payment_intent.payment_failed", new
        {
            id = $"pi_{Guid.NewGuid():N}",
            @object = "payment_intent",
            amount,
            amount_received = 0,
            currency = "eur",
            status = "requires_payment_method",
            last_payment_error = new { code = "card_declined", message = "Your card was declined.", type = "card_error" },
            metadata = new Dictionary<string, string> { ["order_id"] = orderId.ToString() },
        });

    public static string CheckoutSessionCompleted(Guid orderId, long amount, string paymentStatus = "paid", string? eventId = null) =>
        Event(eventId, "checkout.session.completed", new
        {
            id = $"cs_test_{Guid.NewGuid():N}",
            @object = "checkout.session",
            amount_total = amount,
            currency = "eur",
            mode = "payment",
            payment_status = paymentStatus,
            status = "complete",
            payment_intent = $"pi_{Guid.NewGuid():N}",
            client_reference_id = orderId.ToString(),
            metadata = new Dictionary<string, string> { ["order_id"] = orderId.ToString() },
        });

    /// <summary>A subscription invoice paid (API 2025 shape: the subscription and its metadata under <c>parent.subscription_details</c>).</summary>
    public static string InvoicePaid(Guid orderId, string subscriptionId, DateTimeOffset periodEnd, string? eventId = null) =>
        Event(eventId, "invoice.paid", new
        {
            id = $"in_{Guid.NewGuid():N}",
            @object = "invoice",
            status = "paid",
            amount_paid = 1500,
            currency = "eur",
            period_start = periodEnd.AddMonths(-1).ToUnixTimeSeconds(),
            period_end = periodEnd.AddMonths(-1).ToUnixTimeSeconds(),
            parent = new
            {
                type = "subscription_details",
                subscription_details = new { subscription = subscriptionId, metadata = new Dictionary<string, string> { ["order_id"] = orderId.ToString() } },
            },
            lines = new
            {
                @object = "list",
                data = new[] { new { id = $"il_{Guid.NewGuid():N}", @object = "line_item", amount = 1500, currency = "eur", period = new { start = periodEnd.AddMonths(-1).ToUnixTimeSeconds(), end = periodEnd.ToUnixTimeSeconds() } } },
            },
        });

    public static string SubscriptionDeleted(Guid orderId, string subscriptionId, DateTimeOffset endedAt, string? eventId = null) =>
        Event(eventId, "customer.subscription.deleted", new
        {
            id = subscriptionId,
            @object = "subscription",
            status = "canceled",
            ended_at = endedAt.ToUnixTimeSeconds(),
            canceled_at = endedAt.ToUnixTimeSeconds(),
            metadata = new Dictionary<string, string> { ["order_id"] = orderId.ToString() },
        });

    /// <summary>A charge that succeeded, with Radar's outcome and the card (the only object that carries them).</summary>
    public static string ChargeSucceeded(Guid orderId, long amount, string paymentIntentId, string riskLevel, int riskScore, string fingerprint, string country) =>
        Event(null, "charge.succeeded", new
        {
            id = $"ch_{Guid.NewGuid():N}",
            @object = "charge",
            amount,
            amount_captured = amount,
            amount_refunded = 0,
            currency = "eur",
            paid = true,
            captured = true,
            status = "succeeded",
            payment_intent = paymentIntentId,
            metadata = new Dictionary<string, string> { ["order_id"] = orderId.ToString() },
            outcome = new { network_status = "approved_by_network", risk_level = riskLevel, risk_score = riskScore, seller_message = "Payment complete.", type = "authorized" },
            payment_method_details = new { type = "card", card = new { brand = "visa", country, fingerprint, last4 = "4242", exp_month = 12, exp_year = 2030 } },
        });

    /// <summary>
    /// <c>charge.refunded</c>: <paramref name="amountRefunded"/> is cumulative. <paramref name="refunds"/>
    /// null leaves the list out (API versions since 2022-11-15 do not expand it).
    /// </summary>
    public static string ChargeRefunded(string chargeId, string paymentIntentId, long amount, long amountRefunded, IReadOnlyList<(string Id, long Amount, long Created, string? LineIds)>? refunds = null, string? eventId = null) =>
        Event(eventId, "charge.refunded", new
        {
            id = chargeId,
            @object = "charge",
            amount,
            amount_captured = amount,
            amount_refunded = amountRefunded,
            currency = "eur",
            paid = true,
            refunded = amountRefunded == amount,
            status = "succeeded",
            payment_intent = paymentIntentId,
            metadata = new Dictionary<string, string>(),
            refunds = refunds is null ? null : new
            {
                @object = "list",
                has_more = false,
                url = $"/v1/charges/{chargeId}/refunds",
                data = refunds.Select(r => new
                {
                    id = r.Id,
                    @object = "refund",
                    amount = r.Amount,
                    charge = chargeId,
                    created = r.Created,
                    currency = "eur",
                    payment_intent = paymentIntentId,
                    reason = "requested_by_customer",
                    status = "succeeded",
                    metadata = r.LineIds is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["order_line_ids"] = r.LineIds },
                }),
            },
        });

    private static string Event(string? eventId, string type, object dataObject) =>
        JsonSerializer.Serialize(new
        {
            id = eventId ?? $"evt_{Guid.NewGuid():N}",
            @object = "event",
            api_version = "2024-06-20",
            created = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(),
            livemode = false,
            pending_webhooks = 1,
            type,
            data = new { @object = dataObject },
        }, Json);
}
