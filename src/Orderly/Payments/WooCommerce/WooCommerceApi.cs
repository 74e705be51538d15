using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Orderly.Payments.WooCommerce;

/// <summary>WooCommerce's REST API v3 (<c>{BaseUrl}/wp-json/wc/v3</c>) with the consumer key pair as HTTP Basic auth (https).</summary>
internal sealed class WooCommerceApi(IHttpClientFactory clients, IOptions<PaymentsOptions> options)
{
    public bool Configured => options.Value.WooCommerce is { BaseUrl.Length: > 0, ConsumerKey.Length: > 0, ConsumerSecret.Length: > 0 };

    /// <summary>The store as webhooks name it (see <see cref="WooStatuses.StoreKey"/>).</summary>
    public string Store => WooStatuses.StoreKey(options.Value.WooCommerce.BaseUrl);

    /// <summary>Sends a JSON request; the answer is the caller's to dispose.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object body, CancellationToken ct)
    {
        var woo = options.Value.WooCommerce;
        using var request = new HttpRequestMessage(method, new Uri(woo.BaseUrl!.TrimEnd('/') + "/wp-json/wc/v3" + path)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = ProviderApis.Basic(woo.ConsumerKey!, woo.ConsumerSecret!);
        return await clients.CreateClient(ProviderApis.WooCommerce).SendAsync(request, ct);
    }
}
