using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orderly.Hosting;

using static Orderly.Payments.WebhookRequests;

namespace Orderly.Payments.PayPal;

/// <summary>
/// <c>POST /webhooks/paypal</c>: check the transmission headers (time within the tolerance,
/// certificate URL on PayPal's hosts), verify the signature with PayPal's certificate, translate the
/// event, then store, dedupe by event id and publish in one transaction (<see cref="WebhookRecorder"/>)
/// before answering 2xx. Anything unverifiable is refused with 400 and changes nothing.
/// </summary>
internal static partial class ReceivePayPalWebhook
{
    public const string Provider = "paypal";

    public static async Task<Results<Ok<WebhookRequests.Acknowledgement>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, WebhookRecorder recorder, PayPalCertificates certificates, IOptions<PaymentsOptions> options, TimeProvider time,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(ReceivePayPalWebhook));
        var limit = options.Value.MaxWebhookBytes;
        var body = await WebhookRequests.ReadBodyAsync(request, limit, ct);
        if (body is null)
        {
            return WebhookRequests.TooLarge(limit);
        }
        var paypal = options.Value.PayPal;
        var webhookIds = paypal.WebhookIds();
        if (webhookIds.Count == 0)
        {
            return Problems.Create(503, "payments.not_configured", "PayPal webhooks are not configured.", "Set Payments__PayPal__WebhookId.");
        }

        var headers = request.Headers;
        string transmissionId = headers["PAYPAL-TRANSMISSION-ID"].ToString(), transmissionTime = headers["PAYPAL-TRANSMISSION-TIME"].ToString(),
            signature = headers["PAYPAL-TRANSMISSION-SIG"].ToString(), certUrl = headers["PAYPAL-CERT-URL"].ToString(), algorithm = headers["PAYPAL-AUTH-ALGO"].ToString();
        if (transmissionId.Length == 0 || transmissionTime.Length == 0 || signature.Length == 0 || certUrl.Length == 0)
        {
            return Refuse(logger, "missing_headers", "The PAYPAL-TRANSMISSION-* and PAYPAL-CERT-URL headers are required.");
        }
        if (!string.Equals(algorithm, PayPalSignature.Algorithm, StringComparison.Ordinal))
        {
            return Refuse(logger, "unsupported_algorithm", $"PAYPAL-AUTH-ALGO must be {PayPalSignature.Algorithm}.");
        }
        if (!DateTimeOffset.TryParse(transmissionTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sentAt)
            || (time.GetUtcNow() - sentAt).Duration() > TimeSpan.FromSeconds(paypal.ToleranceSeconds))
        {
            return Refuse(logger, "outside_tolerance", "PAYPAL-TRANSMISSION-TIME is missing, malformed or outside the tolerance.");
        }
        if (!PayPalSignature.IsAllowedCertificateUrl(certUrl, paypal.CertificateHosts, out var certUri))
        {
            return Refuse(logger, "foreign_certificate_url", "PAYPAL-CERT-URL must be an https address on PayPal's API hosts.");
        }
        var certificate = await certificates.GetAsync(certUri!, ct);
        if (certificate is null)
        {
            // Not the sender's fault necessarily (PayPal unreachable): PayPal retries a non-2xx later.
            WebhookRequests.Count(Provider, "certificate_unavailable");
            return Problems.Create(503, "payments.certificate_unavailable", "The PayPal signing certificate is unavailable.", "It could not be fetched or is not valid now.");
        }
        if (!PayPalSignature.Verify(certificate, signature, transmissionId, transmissionTime, webhookIds, body))
        {
            return Refuse(logger, "no_matching_signature", "PAYPAL-TRANSMISSION-SIG does not verify for this body and webhook.");
        }

        var json = Encoding.UTF8.GetString(body);
        IncomingEvent incoming;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var id = Text(root, "id");
            var type = Text(root, "event_type");
            if (id is null || type is null)
            {
                return Problems.BadRequest("payments.malformed_event", "The event has no id or event_type.");
            }
            incoming = Translate(id, type, json, root.TryGetProperty("resource", out var resource) && resource.ValueKind == JsonValueKind.Object ? resource : default);
        }
        catch (JsonException)
        {
            return Problems.BadRequest("payments.malformed_event", "The body is not a PayPal event.");
        }
        var recorded = await recorder.RecordAsync(incoming, ct);
        WebhookRequests.Count(Provider, recorded);
        return TypedResults.Ok(new WebhookRequests.Acknowledgement(true, recorded));
    }

    /// <summary>A PayPal event → what Orderly needs; events Orderly does not act on carry no signal.</summary>
    internal static IncomingEvent Translate(string eventId, string eventType, string json, JsonElement resource)
    {
        var none = new IncomingEvent(Provider, eventId, eventType, json, null);
        if (resource.ValueKind != JsonValueKind.Object || Text(resource, "id") is not { } resourceId)
        {
            return none;
        }
        var orderId = ParseGuid(Text(resource, "custom_id")) ?? ParseGuid(Text(resource, "invoice_id"));
        var currency = resource.TryGetProperty("amount", out var amount) && amount.ValueKind == JsonValueKind.Object ? Text(amount, "currency_code") ?? "" : "";
        var hasAmount = ProviderAmounts.TryToMinor(amount.ValueKind == JsonValueKind.Object ? Text(amount, "value") : null, currency, out var minor);
        return eventType switch
        {
            "PAYMENT.CAPTURE.COMPLETED" when hasAmount => none with { Signal = new PaymentSignal(true, orderId, resourceId, minor, currency.ToUpperInvariant(), null) },
            "PAYMENT.CAPTURE.DENIED" or "PAYMENT.CAPTURE.DECLINED" =>
                none with { Signal = new PaymentSignal(false, orderId, resourceId, hasAmount ? minor : 0, currency.ToUpperInvariant(), Text(resource, "status") ?? eventType) },
            // The resource is the refund; its "up" link names the capture (the stored payment id).
            "PAYMENT.CAPTURE.REFUNDED" when hasAmount =>
                none with { Refund = new RefundSignal(orderId, CaptureIdOf(resource), resourceId, minor, currency.ToUpperInvariant(), null, Text(resource, "note_to_payer")) },
            _ => none,
        };
    }

    private static string? CaptureIdOf(JsonElement refund)
    {
        if (!refund.TryGetProperty("links", out var links) || links.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var link in links.EnumerateArray())
        {
            if (Text(link, "rel") == "up" && Uri.TryCreate(Text(link, "href"), UriKind.Absolute, out var href)
                && href.Segments is [.., { } parent, { } last] && parent.Equals("captures/", StringComparison.Ordinal))
            {
                return last.TrimEnd('/');
            }
        }
        return null;
    }

    private static Guid? ParseGuid(string? value) => Guid.TryParse(value, out var id) ? id : null;

    private static ProblemHttpResult Refuse(ILogger logger, string reason, string detail)
    {
        LogRejected(logger, reason);
        WebhookRequests.Count(Provider, "invalid_signature");
        return Problems.BadRequest("payments.invalid_signature", detail);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a PayPal webhook: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
