using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orderly.Checkout.Contracts;
using Orderly.Hosting;

using static Orderly.Payments.WebhookRequests;

namespace Orderly.Payments.PayPal;

/// <summary>
/// <c>GET /payments/paypal/return?order={id}&amp;token={paypal order}&amp;PayerID=…</c>: where PayPal
/// returns the buyer who approved the order. Orderly captures it
/// (<see cref="PayPalApi.CaptureOrderAsync"/>), checks that the capture is COMPLETED and names this
/// order, and records it through <see cref="WebhookRecorder"/> exactly as the
/// <c>PAYMENT.CAPTURE.COMPLETED</c> webhook would: the payment id is the capture id, and the recorder
/// keeps one payment per order, so the webhook arriving afterwards (or a reloaded return page) is
/// "already paid". The buyer then goes on to the checkout's thank-you page — derived again from the
/// checkout's configuration rather than carried through PayPal, so the return address cannot be made
/// to redirect anywhere else.
/// </summary>
internal static partial class CapturePayPalOrder
{
    public const string Path = "/payments/paypal/return";

    /// <summary>The stored event type of a capture Orderly made itself (not one of PayPal's webhook event types).</summary>
    public const string EventType = "ORDERLY.PAYPAL.CAPTURE";

    /// <summary>
    /// The 422 issues that mean the buyer's funding was refused (PayPal's Orders v2 error reference),
    /// recorded as a failed payment. Other refusals (e.g. ORDER_NOT_APPROVED for a return URL opened
    /// before approving) say nothing about the payment and fail nothing.
    /// </summary>
    private static readonly HashSet<string> Declines = new(StringComparer.Ordinal)
    {
        "INSTRUMENT_DECLINED", "TRANSACTION_REFUSED", "PAYER_CANNOT_PAY", "CARD_EXPIRED", "PAYEE_BLOCKED_TRANSACTION",
        "MAX_NUMBER_OF_PAYMENT_ATTEMPTS_EXCEEDED", "COMPLIANCE_VIOLATION", "REDIRECT_PAYER_FOR_ALTERNATE_FUNDING",
    };

    public static string ReturnUrl(string publicBaseUrl, Guid orderId) => $"{publicBaseUrl.TrimEnd('/')}{Path}?order={orderId}";

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> HandleAsync(
        [FromQuery] string? order, [FromQuery] string? token, PayPalApi paypal, WebhookRecorder recorder, ICheckoutPages pages, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(CapturePayPalOrder));
        if (!Guid.TryParse(order, out var orderId) || !IsPayPalId(token))
        {
            return Unknown("The return needs the Orderly order (order) and PayPal's order id (token).");
        }
        if (!paypal.Configured)
        {
            return Problems.Create(503, "payments.not_configured", "PayPal is not configured.", "Set Payments__PayPal__ClientId and ClientSecret.");
        }

        Decision decision;
        try
        {
            decision = await CaptureAsync(paypal, orderId, token!, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or KeyNotFoundException
            || ex is TaskCanceledException && !ct.IsCancellationRequested)
        {
            LogUnavailable(logger, orderId, ex.GetType().Name);
            return Problems.Create(502, "payments.provider_unavailable", "PayPal could not be reached.", "PayPal did not answer the capture as expected; nothing was recorded. Try again.");
        }

        var thanks = pages.ReturnUrl(orderId);
        switch (decision)
        {
            case Decision.Unknown unknown:
                LogRefused(logger, orderId, unknown.Reason);
                return Unknown("PayPal knows no approved order for this return.");
            case Decision.Refused refused:
                LogRefused(logger, orderId, refused.Issue);
                return Problems.BadRequest("payments.paypal_capture_refused", $"PayPal refused the capture ({refused.Issue}).");
            case Decision.NothingToRecord:
                return TypedResults.Redirect(thanks);
            case Decision.Record record:
                var outcome = await recorder.RecordAsync(record.Event, ct);
                if (outcome == WebhookOutcomes.UnknownOrder)
                {
                    return Unknown("The captured PayPal order names an order Orderly does not know.");
                }
                return TypedResults.Redirect(record.Event.Signal!.Succeeded ? thanks : Failed(thanks));
            default:
                throw new InvalidOperationException("Unhandled capture decision.");
        }
    }

    /// <summary>What PayPal's answer to the capture means for the order; throws when PayPal is unreachable or answers unexpectedly.</summary>
    private static async Task<Decision> CaptureAsync(PayPalApi paypal, Guid orderId, string paypalOrderId, CancellationToken ct)
    {
        using var response = await paypal.CaptureOrderAsync(paypalOrderId, ct);
        if (response.StatusCode is HttpStatusCode.NotFound)
        {
            return new Decision.Unknown("RESOURCE_NOT_FOUND");
        }
        if (response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest)
        {
            var issue = await PayPalRefundGateway.IssueNameAsync(response, ct) ?? "UNKNOWN";
            if (issue == "ORDER_ALREADY_CAPTURED")
            {
                // Captured before, outside the request id's memory: that capture was recorded then
                // or its webhook records it.
                return new Decision.NothingToRecord();
            }
            if (!Declines.Contains(issue))
            {
                return new Decision.Refused(issue);
            }
            // A refusal carries no capture and no custom_id: only an order that is really this
            // one's may fail it, or anyone's declined PayPal order could fail any Orderly order.
            using var shown = await paypal.GetOrderAsync(paypalOrderId, ct);
            if (shown.StatusCode is HttpStatusCode.NotFound)
            {
                return new Decision.Unknown("RESOURCE_NOT_FOUND");
            }
            if (!shown.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"PayPal did not show the order ({(int)shown.StatusCode}).", null, shown.StatusCode);
            }
            var paypalOrder = await shown.Content.ReadFromJsonAsync<JsonElement>(ct);
            var unit = FirstOf(paypalOrder, "purchase_units");
            if (Text(unit, "custom_id") != orderId.ToString())
            {
                return new Decision.Unknown("custom_id_mismatch");
            }
            var currency = unit.TryGetProperty("amount", out var amount) ? Text(amount, "currency_code") ?? "" : "";
            return new Decision.Record(new IncomingEvent(ReceivePayPalWebhook.Provider, $"capture-declined:{paypalOrderId}", EventType, "{}",
                new PaymentSignal(false, orderId, paypalOrderId, 0, currency.ToUpperInvariant(), issue)));
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"PayPal answered the capture with {(int)response.StatusCode}.", null, response.StatusCode);
        }

        var json = await response.Content.ReadAsStringAsync(ct);
        using var document = JsonDocument.Parse(json);
        var capture = FirstOf(FirstOf(document.RootElement, "purchase_units").GetProperty("payments"), "captures");
        var captureId = Text(capture, "id") ?? throw new JsonException("The capture has no id.");
        if (Text(capture, "custom_id") != orderId.ToString())
        {
            return new Decision.Unknown("custom_id_mismatch");
        }
        var status = Text(capture, "status");
        var money = capture.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
        var code = (money.ValueKind == JsonValueKind.Object ? Text(money, "currency_code") : null) ?? "";
        var hasAmount = ProviderAmounts.TryToMinor(money.ValueKind == JsonValueKind.Object ? Text(money, "value") : null, code, out var minor);
        var eventId = $"capture:{captureId}";
        return status switch
        {
            "COMPLETED" when hasAmount => new Decision.Record(new IncomingEvent(ReceivePayPalWebhook.Provider, eventId, EventType, json,
                new PaymentSignal(true, orderId, captureId, minor, code.ToUpperInvariant(), null))),
            "DECLINED" or "FAILED" => new Decision.Record(new IncomingEvent(ReceivePayPalWebhook.Provider, eventId, EventType, json,
                new PaymentSignal(false, orderId, captureId, hasAmount ? minor : 0, code.ToUpperInvariant(), status))),
            // PENDING: PayPal holds the money for review; PAYMENT.CAPTURE.COMPLETED or DENIED decides later.
            "COMPLETED" => throw new JsonException("The capture has no amount."),
            _ => new Decision.NothingToRecord(),
        };
    }

    private static JsonElement FirstOf(JsonElement element, string array) =>
        element.GetProperty(array) is { ValueKind: JsonValueKind.Array } items && items.GetArrayLength() > 0 ? items[0] : throw new JsonException($"No {array}.");

    /// <summary>PayPal's order ids are short and alphanumeric; anything else is not one and never reaches PayPal's path.</summary>
    private static bool IsPayPalId(string? token) => token is { Length: > 0 and <= 64 } && token.All(char.IsAsciiLetterOrDigit);

    private static string Failed(string url) => url + (url.Contains('?', StringComparison.Ordinal) ? '&' : '?') + "payment=failed";

    private static ProblemHttpResult Unknown(string detail) => Problems.BadRequest("payments.paypal_unknown_order", detail);

    private abstract record Decision
    {
        public sealed record Record(IncomingEvent Event) : Decision;
        public sealed record NothingToRecord : Decision;
        public sealed record Unknown(string Reason) : Decision;
        public sealed record Refused(string Issue) : Decision;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PayPal return for order {OrderId} not captured: {Reason}")]
    private static partial void LogRefused(ILogger logger, Guid orderId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PayPal could not capture the return for order {OrderId}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, Guid orderId, string reason);
}
