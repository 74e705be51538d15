using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Orderly.Reseller.Webhooks;

/// <summary>
/// The target policy in force (production: https and public addresses only) and the HTTP client
/// that enforces it on every connection: it resolves the host itself and connects only to an
/// address the guard accepts, so DNS rebinding cannot smuggle an internal target in. Redirects are
/// not followed.
/// </summary>
internal sealed class WebhookTargets(IOptions<ResellerOptions> options, IHostEnvironment environment)
{
    public const string HttpClientName = "Orderly.Reseller.Webhooks";

    public WebhookTargetPolicy Policy { get; } = new(options.Value.Webhooks.RequireHttps, options.Value.Webhooks.AllowPrivateTargets ?? environment.IsDevelopment());

    public static IDataProtector Protector(IDataProtectionProvider provider) => provider.CreateProtector("Orderly.Reseller.WebhookSecret");

    public static void Configure(IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName, (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<ResellerOptions>>().Value.Webhooks.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var policy = sp.GetRequiredService<WebhookTargets>().Policy;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    // A proxy would make ConnectCallback check the proxy's address instead of the target's.
                    UseProxy = false,
                    UseCookies = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    ConnectCallback = (context, ct) => ConnectAsync(context, policy, ct),
                };
            });
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, WebhookTargetPolicy policy, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = policy.AllowPrivateTargets ? addresses : addresses.Where(SsrfGuard.IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new WebhookTargetRefusedException($"{host} resolves to no public address.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The SSRF guard refused the connection.</summary>
internal sealed class WebhookTargetRefusedException(string message) : HttpRequestException(message);
