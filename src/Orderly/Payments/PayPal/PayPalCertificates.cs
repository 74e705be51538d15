using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orderly.Payments.PayPal;

/// <summary>
/// The signing certificates PayPal names in <c>PAYPAL-CERT-URL</c>, fetched once per URL (PayPal
/// rotates by publishing a new URL) and kept in memory. Only allowed URLs reach here
/// (<see cref="PayPalSignature.IsAllowedCertificateUrl"/>). A certificate outside its validity dates
/// is not used.
/// </summary>
internal sealed partial class PayPalCertificates(IHttpClientFactory clients, TimeProvider time, ILogger<PayPalCertificates> logger)
{
    public const string HttpClientName = "Orderly.Payments.PayPal.Certificates";
    private const int MaxCached = 32;
    private readonly ConcurrentDictionary<string, X509Certificate2> _cache = new(StringComparer.Ordinal);

    /// <summary>The certificate, or null when it cannot be fetched or read, or is not valid now.</summary>
    public async Task<X509Certificate2?> GetAsync(Uri url, CancellationToken ct)
    {
        if (!_cache.TryGetValue(url.AbsoluteUri, out var certificate))
        {
            certificate = await FetchAsync(url, ct);
            if (certificate is null)
            {
                return null;
            }
            if (_cache.Count >= MaxCached)
            {
                _cache.Clear();
            }
            certificate = _cache.GetOrAdd(url.AbsoluteUri, certificate);
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            LogOutsideValidity(logger, url.AbsoluteUri);
            return null;
        }
        return certificate;
    }

    private async Task<X509Certificate2?> FetchAsync(Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await clients.CreateClient(HttpClientName).GetAsync(url, ct);
            if (!response.IsSuccessStatusCode)
            {
                LogFetchFailed(logger, url.AbsoluteUri, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return null;
            }
            // PayPal serves PEM: the signing certificate first, then its chain.
            return X509Certificate2.CreateFromPem(await response.Content.ReadAsStringAsync(ct));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or CryptographicException or ArgumentException)
        {
            LogFetchFailed(logger, url.AbsoluteUri, ex.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch the PayPal certificate {Url}: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string url, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PayPal certificate {Url} is outside its validity dates")]
    private static partial void LogOutsideValidity(ILogger logger, string url);
}
