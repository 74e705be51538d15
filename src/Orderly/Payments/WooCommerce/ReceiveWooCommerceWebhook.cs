using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orderly.Hosting;

namespace Orderly.Payments.WooCommerce;

/// <summary>
/// <c>POST /webhooks/woocommerce</c>: verify <c>X-WC-Webhook-Signature</c>, mirror the order
/// (<see cref="MirrorWooOrder"/>), then store the delivery and act on its status through
/// <see cref="WebhookRecorder"/> (deduped by order, modification time and status) before answering
/// 2xx. The ping WooCommerce sends when a webhook is created is answered 200 and changes nothing.
/// </summary>
internal static partial class ReceiveWooCommerceWebhook
{
    public const string Provider = "woocommerce";

    public static async Task<Results<Ok<WebhookRequests.Acknowledgement>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, WebhookRecorder recorder, MirrorWooOrder mirror, IOptions<PaymentsOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(ReceiveWooCommerceWebhook));
        var limit = options.Value.MaxWebhookBytes;
        var body = await WebhookRequests.ReadBodyAsync(request, limit, ct);
        if (body is null)
        {
            return WebhookRequests.TooLarge(limit);
        }
        var woo = options.Value.WooCommerce;
        var topic = request.Headers["X-WC-Webhook-Topic"].ToString();
        if (topic.Length == 0 && WooSignature.IsPing(body))
        {
            WebhookRequests.Count(Provider, "ping");
            return TypedResults.Ok(new WebhookRequests.Acknowledgement(true, "ping"));
        }
        if (string.IsNullOrEmpty(woo.WebhookSecret))
        {
            return Problems.Create(503, "payments.not_configured", "WooCommerce webhooks are not configured.", "Set Payments__WooCommerce__WebhookSecret.");
        }
        if (!WooSignature.Verify(body, request.Headers["X-WC-Webhook-Signature"].ToString(), woo.WebhookSecret))
        {
            LogRejected(logger);
            WebhookRequests.Count(Provider, "invalid_signature");
            return Problems.BadRequest("payments.invalid_signature", "X-WC-Webhook-Signature does not verify for this body.");
        }

        var json = Encoding.UTF8.GetString(body);
        WooOrder? order;
        try
        {
            using var document = JsonDocument.Parse(json);
            order = topic is "order.created" or "order.updated" ? WooOrder.Parse(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return Problems.BadRequest("payments.malformed_event", "The body is not a WooCommerce resource.");
        }
        var deliveryId = request.Headers["X-WC-Webhook-Delivery-ID"].ToString();
        if (order is null)
        {
            if (topic is "order.created" or "order.updated")
            {
                return Problems.BadRequest("payments.malformed_event", "The order lacks id, status, currency, total or date_modified_gmt.");
            }
            // Another topic (a product, a customer): stored, nothing to do.
            var other = await recorder.RecordAsync(new IncomingEvent(Provider, $"{topic}:{deliveryId}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body))[..16]}", Type(topic), json, null), ct);
            return Acknowledge(other);
        }

        var store = WooStatuses.StoreKey(request.Headers["X-WC-Webhook-Source"].ToString() is { Length: > 0 } source ? source : woo.BaseUrl);
        // One state of one order is one event, whichever delivery brings it (Woo retries with new delivery ids).
        var eventId = string.Create(CultureInfo.InvariantCulture, $"{StoreTag(store)}#{order.Id}@{order.ModifiedGmt:O}:{order.Status}");
        var incoming = new IncomingEvent(Provider, eventId, Type(topic), json, null);
        var mirrored = await mirror.RunAsync(store, order, ct);
        switch (mirrored)
        {
            case MirrorWooOrder.Result.Apply apply:
                return Acknowledge(await recorder.RecordAsync(WooStatuses.Signals(incoming, order, apply.OrderId), ct));
            case MirrorWooOrder.Result.Stale:
                await recorder.RecordAsync(incoming, ct);
                return Acknowledge("stale");
            default:
                var notMirrored = (MirrorWooOrder.Result.NotMirrored)mirrored;
                await recorder.RecordAsync(incoming, ct);
                return Acknowledge(notMirrored.Reason);
        }
    }

    private static string StoreTag(string store) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(store)))[..12];

    private static string Type(string topic) => topic.Length > 0 ? topic[..Math.Min(topic.Length, 128)] : "unknown";

    private static Ok<WebhookRequests.Acknowledgement> Acknowledge(string outcome)
    {
        WebhookRequests.Count(Provider, outcome);
        return TypedResults.Ok(new WebhookRequests.Acknowledgement(true, outcome));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a WooCommerce webhook: the signature does not verify")]
    private static partial void LogRejected(ILogger logger);
}
