using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Payments.Contracts;
using Stripe;
using Stripe.Checkout;

namespace Orderly.Payments.Stripe;

/// <summary>
/// <c>POST /webhooks/stripe</c>: verify the signature, translate the event, then store it, dedupe by
/// event id and publish <see cref="PaymentSucceeded"/> / <see cref="PaymentFailed"/> in one
/// transaction (<see cref="WebhookRecorder"/>), then answer 2xx. Anything unverifiable is refused with 400 and changes nothing; an event for an
/// unknown order is stored and acknowledged (Stripe would retry for days otherwise), nothing fulfilled.
/// </summary>
internal static partial class ReceiveStripeWebhook
{
    public const string Provider = "stripe";
    public static async Task<Results<Ok<WebhookRequests.Acknowledgement>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, WebhookRecorder recorder, IOptions<PaymentsOptions> options, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(ReceiveStripeWebhook));
        var limit = options.Value.MaxWebhookBytes;
        var body = await WebhookRequests.ReadBodyAsync(request, limit, ct);
        if (body is null)
        {
            return WebhookRequests.TooLarge(limit);
        }

        var stripe = options.Value.Stripe;
        var verdict = StripeSignature.Verify(body, request.Headers["Stripe-Signature"], stripe.AllSecrets(), time.GetUtcNow(), TimeSpan.FromSeconds(stripe.ToleranceSeconds));
        if (verdict != StripeSignature.Result.Valid)
        {
            LogRejected(logger, verdict);
            WebhookRequests.Count(Provider, "invalid_signature");
            return verdict == StripeSignature.Result.NoSecretConfigured
                ? Problems.Create(503, "payments.not_configured", "Stripe webhooks are not configured.", "Set Payments__Stripe__WebhookSecret.")
                : Problems.BadRequest("payments.invalid_signature", "The Stripe-Signature header does not verify for this body.");
        }

        var json = Encoding.UTF8.GetString(body);
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ParseEvent(json, throwOnApiVersionMismatch: false);
        }
        catch (Exception ex) when (ex is StripeException or Newtonsoft.Json.JsonException or ArgumentException)
        {
            return Problems.BadRequest("payments.malformed_event", "The body is not a Stripe event.");
        }
        if (string.IsNullOrEmpty(stripeEvent.Id) || string.IsNullOrEmpty(stripeEvent.Type))
        {
            return Problems.BadRequest("payments.malformed_event", "The event has no id or type.");
        }

        // Stored and acted on with the other deliveries of this moment (group commit); 2xx only after the commit.
        var recorded = await recorder.RecordAsync(
            new IncomingEvent(Provider, stripeEvent.Id, stripeEvent.Type, json, Translate(stripeEvent), TranslateSubscription(stripeEvent), TranslateRefund(stripeEvent)), ct);
        WebhookRequests.Count(Provider, recorded);
        return TypedResults.Ok(new WebhookRequests.Acknowledgement(true, recorded));
    }

    /// <summary>Stripe object → what Orderly needs. Null for event types Orderly does not act on.</summary>
    internal static PaymentSignal? Translate(Event stripeEvent) => stripeEvent.Type switch
    {
        "payment_intent.succeeded" when stripeEvent.Data.Object is PaymentIntent pi =>
            new(true, OrderIdOf(pi.Metadata), pi.Id, pi.AmountReceived > 0 ? pi.AmountReceived : pi.Amount, Upper(pi.Currency), null),
        "payment_intent.payment_failed" when stripeEvent.Data.Object is PaymentIntent pi =>
            new(false, OrderIdOf(pi.Metadata), pi.Id, pi.Amount, Upper(pi.Currency), pi.LastPaymentError?.Message ?? pi.LastPaymentError?.Code),
        // A session that completes with an asynchronous method (bank debit) is not paid yet.
        "checkout.session.completed" when stripeEvent.Data.Object is Session s && s.PaymentStatus is "paid" or "no_payment_required" =>
            new(true, OrderIdOf(s.Metadata) ?? ParseGuid(s.ClientReferenceId), s.PaymentIntentId ?? s.Id, s.AmountTotal ?? 0, Upper(s.Currency), null),
        // Only a Charge carries Radar's outcome and the card: payment_intent.succeeded names its
        // charge by id alone, so its payment has no risk unless charge.succeeded arrives first.
        "charge.succeeded" when stripeEvent.Data.Object is Charge charge && charge.Paid =>
            new(true, OrderIdOf(charge.Metadata), charge.PaymentIntentId ?? charge.Id, charge.Amount, Upper(charge.Currency), null, RiskOf(charge)),
        _ => null,
    };

    internal static PaymentRisk RiskOf(Charge charge) => new(
        charge.PaymentMethodDetails?.Card?.Fingerprint, charge.PaymentMethodDetails?.Card?.Country,
        charge.Outcome?.RiskLevel, charge.Outcome?.RiskScore is { } score ? (int)score : null);

    /// <summary>
    /// <c>charge.refunded</c> (sent for every refund, partial ones included) → the refund. The order is
    /// the charge's <c>metadata.order_id</c> or the one the charge's PaymentIntent paid. With the
    /// <c>refunds</c> list, the newest refund is the one reported (its id matches what the Refunds API
    /// answered; its <c>metadata.order_line_ids</c> name the lines); without it, the cumulative
    /// <c>amount_refunded</c> is reported as <c>{charge}:{amount_refunded}</c>, the part not yet reported.
    /// </summary>
    internal static RefundSignal? TranslateRefund(Event stripeEvent)
    {
        if (stripeEvent.Type != "charge.refunded" || stripeEvent.Data.Object is not Charge charge)
        {
            return null;
        }
        var paymentId = charge.PaymentIntentId ?? charge.Id;
        if (charge.Refunds?.Data?.OrderByDescending(r => r.Created).FirstOrDefault() is { } newest)
        {
            return new RefundSignal(OrderIdOf(charge.Metadata), paymentId, newest.Id, newest.Amount, Upper(newest.Currency ?? charge.Currency), LineIdsOf(newest.Metadata), newest.Reason);
        }
        return new RefundSignal(OrderIdOf(charge.Metadata), paymentId, $"{charge.Id}:{charge.AmountRefunded}", charge.AmountRefunded, Upper(charge.Currency), null, null, Cumulative: true);
    }

    private static List<Guid>? LineIdsOf(Dictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue("order_line_ids", out var value))
        {
            return null;
        }
        var ids = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseGuid).ToList();
        return ids.Count > 0 && ids.All(id => id is not null) ? ids.Select(id => id!.Value).ToList() : null;
    }

    /// <summary>
    /// Subscription events → renewals and ends. The order is named by <c>metadata.order_id</c> on the
    /// subscription (set at checkout with <c>subscription_data.metadata</c>). A <c>past_due</c> or
    /// <c>unpaid</c> subscription needs no event: without an <c>invoice.paid</c> the paid-through date
    /// is not moved, so the license runs out at its end plus the grace window.
    /// </summary>
    internal static SubscriptionSignal? TranslateSubscription(Event stripeEvent) => stripeEvent.Type switch
    {
        "invoice.paid" when stripeEvent.Data.Object is Invoice invoice && invoice.Parent?.SubscriptionDetails is { SubscriptionId: { Length: > 0 } subscriptionId } details =>
            new(OrderIdOf(details.Metadata) ?? OrderIdOf(invoice.Metadata), subscriptionId, Ended: false,
                invoice.Lines?.Data?.Select(l => l.Period?.End).Max() ?? invoice.PeriodEnd, stripeEvent.Created),
        "customer.subscription.deleted" when stripeEvent.Data.Object is Subscription subscription =>
            new(OrderIdOf(subscription.Metadata), subscription.Id, Ended: true, null, subscription.EndedAt ?? stripeEvent.Created),
        _ => null,
    };

    private static Guid? OrderIdOf(Dictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue("order_id", out var value) ? ParseGuid(value) : null;

    private static Guid? ParseGuid(string? value) => Guid.TryParse(value, out var id) ? id : null;

    private static string Upper(string? currency) => (currency ?? "").ToUpperInvariant();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Stripe webhook: {Verdict}")]
    private static partial void LogRejected(ILogger logger, StripeSignature.Result verdict);

}
