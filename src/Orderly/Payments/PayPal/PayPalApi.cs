using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Orderly.Payments.PayPal;

/// <summary>
/// PayPal's REST API with an OAuth2 client-credentials token (<c>POST /v1/oauth2/token</c>), kept
/// until shortly before it expires.
/// </summary>
internal sealed class PayPalApi(IHttpClientFactory clients, IOptions<PaymentsOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? _token;

    public bool Configured => options.Value.PayPal is { ClientId.Length: > 0, ClientSecret.Length: > 0 };

    /// <summary>Sends a JSON request with the bearer token; the answer is the caller's to dispose.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string? requestId, CancellationToken ct)
    {
        var token = await TokenAsync(ct);
        using var request = new HttpRequestMessage(method, Url(path)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (requestId is not null)
        {
            request.Headers.Add("PayPal-Request-Id", requestId);
        }
        request.Headers.Add("Prefer", "return=representation");
        return await clients.CreateClient(ProviderApis.PayPal).SendAsync(request, ct);
    }

    /// <summary>
    /// Captures an approved Orders v2 order (<c>POST /v2/checkout/orders/{id}/capture</c>). The
    /// request id is derived from the order, so a repeated capture (the buyer reloading the return
    /// page) is answered by PayPal with the first capture instead of taking the money twice.
    /// </summary>
    public Task<HttpResponseMessage> CaptureOrderAsync(string paypalOrderId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/v2/checkout/orders/{Uri.EscapeDataString(paypalOrderId)}/capture", new { }, $"capture-{paypalOrderId}", ct);

    /// <summary>An Orders v2 order as PayPal shows it (<c>GET /v2/checkout/orders/{id}</c>).</summary>
    public Task<HttpResponseMessage> GetOrderAsync(string paypalOrderId, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"/v2/checkout/orders/{Uri.EscapeDataString(paypalOrderId)}", null, null, ct);

    private async Task<string> TokenAsync(CancellationToken ct)
    {
        await _tokenLock.WaitAsync(ct);
        try
        {
            if (_token is { } cached && cached.ExpiresAt > time.GetUtcNow())
            {
                return cached.Token;
            }
            var paypal = options.Value.PayPal;
            using var request = new HttpRequestMessage(HttpMethod.Post, Url("/v1/oauth2/token"))
            {
                Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
            };
            request.Headers.Authorization = ProviderApis.Basic(paypal.ClientId!, paypal.ClientSecret!);
            using var response = await clients.CreateClient(ProviderApis.PayPal).SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"PayPal refused the client credentials ({(int)response.StatusCode}).", null, response.StatusCode);
            }
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var token = json.GetProperty("access_token").GetString() ?? throw new HttpRequestException("PayPal's token answer has no access_token.");
            var lifetime = json.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) ? seconds : 300;
            // A minute early: a token must not expire between this check and PayPal reading it.
            _token = (token, time.GetUtcNow().AddSeconds(Math.Max(0, lifetime - 60)));
            return token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    public void Dispose() => _tokenLock.Dispose();

    private Uri Url(string path) => new(options.Value.PayPal.ApiBase.TrimEnd('/') + path);
}
