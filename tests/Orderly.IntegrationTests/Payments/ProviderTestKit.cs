using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Messaging;
using Orderly.Payments.PayPal;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Orderly.IntegrationTests.Payments;

/// <summary>Every message of one type the app published, as a handler of its own receives them.</summary>
internal sealed class Published<T> where T : class
{
    public ConcurrentQueue<T> Messages { get; } = new();

    public async Task<IReadOnlyList<T>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(20));
        while (Messages.Count < count && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(50);
        }
        return Messages.ToList();
    }

    /// <summary>Registers the capture (deliveries repeat: it keeps one message per delivery id).</summary>
    public void Register(IServiceCollection services) =>
        services.AddSingleton(this).AddMessageHandler<T, Capture>($"tests.capture.{typeof(T).Name}");

    internal sealed class Capture(Published<T> published) : IMessageHandler<T>
    {
        private static readonly ConcurrentDictionary<Guid, bool> Seen = new();

        public Task HandleAsync(T message, MessageContext context, CancellationToken cancellationToken)
        {
            if (Seen.TryAdd(context.MessageId, true))
            {
                published.Messages.Enqueue(message);
            }
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// PayPal's side of a webhook, made independently of Orderly's verifier: an RSA key and a
/// self-signed certificate (the pinned test certificate), served at a PayPal sandbox certificate URL
/// by the primary handler of the app's certificate client, and transmissions signed with its key
/// exactly as PayPal documents (<c>id|time|webhook_id|crc32(body)</c>, SHA256withRSA, base64).
/// </summary>
internal sealed class PayPalSender : IDisposable
{
    public const string WebhookId = "8PT597110X687430LKGECATA";

    private readonly RSA _key = RSA.Create(2048);

    public PayPalSender(DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var request = new CertificateRequest("CN=messageverificationcerts.sandbox.paypal.com, O=PayPal Test", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        Certificate = request.CreateSelfSigned(notBefore ?? now.AddDays(-1), notAfter ?? now.AddDays(30));
        CertUrl = $"https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-{Guid.NewGuid():N}";
        Server = new CertificateServer(CertUrl, Certificate.ExportCertificatePem());
    }

    public X509Certificate2 Certificate { get; }
    public string CertUrl { get; }
    public CertificateServer Server { get; }

    public static Dictionary<string, string?> Settings => new() { ["Payments:PayPal:WebhookId"] = WebhookId };

    public void Register(IServiceCollection services) =>
        services.AddHttpClient(PayPalCertificates.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Server);

    public HttpRequestMessage Request(string body, string? webhookId = null, DateTimeOffset? at = null, string? certUrl = null, string? signedBody = null)
    {
        var transmissionId = Guid.NewGuid().ToString();
        var time = (at ?? TimeProvider.System.GetUtcNow()).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var crc = System.IO.Hashing.Crc32.HashToUInt32(Encoding.UTF8.GetBytes(signedBody ?? body));
        var signed = $"{transmissionId}|{time}|{webhookId ?? WebhookId}|{crc}";
        var signature = Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/paypal") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("PAYPAL-TRANSMISSION-ID", transmissionId);
        request.Headers.TryAddWithoutValidation("PAYPAL-TRANSMISSION-TIME", time);
        request.Headers.TryAddWithoutValidation("PAYPAL-TRANSMISSION-SIG", signature);
        request.Headers.TryAddWithoutValidation("PAYPAL-CERT-URL", certUrl ?? CertUrl);
        request.Headers.TryAddWithoutValidation("PAYPAL-AUTH-ALGO", "SHA256withRSA");
        return request;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
        Server.Dispose();
    }

    /// <summary>Answers the one certificate URL with the PEM and everything else with 404; records what was asked.</summary>
    internal sealed class CertificateServer(string url, string pem) : HttpMessageHandler
    {
        public ConcurrentQueue<Uri> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request.RequestUri!);
            return Task.FromResult(request.Method == HttpMethod.Get && request.RequestUri!.AbsoluteUri == url
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(pem, Encoding.ASCII, "application/x-pem-file") }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }
}

/// <summary>
/// The app's PayPal REST credentials and PayPal's OAuth2 client-credentials endpoint on a WireMock
/// simulator: only Basic client id:secret with <c>grant_type=client_credentials</c> gets the token.
/// </summary>
internal static class PayPalApiSimulator
{
    public const string ClientId = "AYSq3RDGsmBLJE-otTkBtM-jBRd1TCQwFf9RGfwddNXWz0uFU9ztymylOhRS";
    public const string ClientSecret = "EGnHDxD_qRPdaLdZz8iCr8N7_MzF-YHPTkjs6NKYQvQSBngp4PTTVWkPZRbL";
    public const string Token = "A21AAFEpH4PsADK7qSS7pSRsgzfENtu-Q1ysgEDVDESseMHBYXVJYE8ovjj68elIDy8nF26AwPhfXTIeWAZHSLIsQkSYz9ifg";

    public static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    public static void TokenEndpoint(WireMockServer api) =>
        api.Given(Request.Create().WithPath("/v1/oauth2/token").UsingPost()
                .WithHeader("Authorization", Basic(ClientId, ClientSecret))
                .WithBody((IDictionary<string, string>? form) => form is not null && form.TryGetValue("grant_type", out var grant) && grant == "client_credentials"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($$"""
                {"scope":"https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/payments/refund","access_token":"{{Token}}","token_type":"Bearer","app_id":"APP-80W284485P519543T","expires_in":32400,"nonce":"2026-11-23T00:00:00ZabCdEf"}
                """));
}

/// <summary>PayPal webhook bodies shaped as PayPal's event reference shows them.</summary>
internal static class PayPalEvents
{
    public static string CaptureCompleted(Guid orderId, string value, string currency = "EUR", string? captureId = null, string? eventId = null) =>
        Event(eventId, "PAYMENT.CAPTURE.COMPLETED", "capture", $$"""
            {"id":"{{captureId ?? Capture()}}","status":"COMPLETED","amount":{"currency_code":"{{currency}}","value":"{{value}}"},"final_capture":true,
             "custom_id":"{{orderId}}","create_time":"2026-11-23T00:00:00Z","update_time":"2026-11-23T00:00:00Z",
             "links":[{"href":"https://api.sandbox.paypal.com/v2/payments/captures/x","rel":"self","method":"GET"}]}
            """);

    public static string CaptureDenied(Guid orderId, string value) =>
        Event(null, "PAYMENT.CAPTURE.DENIED", "capture", $$"""
            {"id":"{{Capture()}}","status":"DECLINED","amount":{"currency_code":"EUR","value":"{{value}}"},"custom_id":"{{orderId}}"}
            """);

    /// <summary>The refund resource: no custom id when <paramref name="orderId"/> is null; its "up" link names the capture.</summary>
    public static string CaptureRefunded(Guid? orderId, string captureId, string value, string? refundId = null, string? eventId = null) =>
        Event(eventId, "PAYMENT.CAPTURE.REFUNDED", "refund", $$"""
            {"id":"{{refundId ?? "1JU08902781691411"}}","status":"COMPLETED","amount":{"currency_code":"EUR","value":"{{value}}"},
             {{(orderId is null ? "" : $"\"custom_id\":\"{orderId}\",")}}"note_to_payer":"Defective product",
             "links":[{"href":"https://api.sandbox.paypal.com/v2/payments/refunds/1JU08902781691411","rel":"self","method":"GET"},
                      {"href":"https://api.sandbox.paypal.com/v2/payments/captures/{{captureId}}","rel":"up","method":"GET"}]}
            """);

    public static string Capture() => "2GG279541U4" + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Event(string? eventId, string type, string resourceType, string resource) => $$"""
        {"id":"{{eventId ?? "WH-" + Guid.NewGuid().ToString("N")}}","event_version":"1.0","create_time":"2026-11-23T00:00:00.000Z","resource_type":"{{resourceType}}",
         "resource_version":"2.0","event_type":"{{type}}","summary":"{{type}}","resource":{{resource}}}
        """;
}

/// <summary>WooCommerce's side of a webhook: order bodies shaped as the REST API v3 order object, signed as WooCommerce signs them.</summary>
internal static class WooSender
{
    public const string Secret = "woo-webhook-secret-0123456789";
    public const string Source = "https://shop.example.com/";

    public static string Order(long id, string status, DateTime modifiedGmt, string total, string email, params (string Sku, int Quantity)[] lines) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            id,
            parent_id = 0,
            status,
            currency = "EUR",
            date_created_gmt = "2026-11-22T10:00:00",
            date_modified_gmt = modifiedGmt.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            total,
            payment_method = "stripe",
            billing = new { first_name = "Ada", last_name = "Lovelace", email, country = "DE" },
            line_items = lines.Select((l, i) => new { id = 100 + i, name = l.Sku, product_id = 40 + i, quantity = l.Quantity, sku = l.Sku, total }),
            meta_data = Array.Empty<object>(),
        });

    public static HttpRequestMessage Request(string body, string topic = "order.updated", string? secret = null, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/woocommerce") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret ?? Secret), Encoding.UTF8.GetBytes(body)));
        request.Headers.TryAddWithoutValidation("X-WC-Webhook-Source", Source);
        request.Headers.TryAddWithoutValidation("X-WC-Webhook-Topic", topic);
        request.Headers.TryAddWithoutValidation("X-WC-Webhook-Resource", "order");
        request.Headers.TryAddWithoutValidation("X-WC-Webhook-Event", topic.Split('.')[1]);
        request.Headers.TryAddWithoutValidation("X-WC-Webhook-ID", "7");
        request.Headers.TryAddWithoutValidation("X-WC-Webhook-Delivery-ID", Guid.NewGuid().ToString("N"));
        request.Headers.TryAddWithoutValidation("X-WC-Webhook-Signature", signature ?? expected);
        return request;
    }
}
