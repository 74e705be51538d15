using System.Net;
using System.Net.Sockets;

namespace Orderly.Reseller.Webhooks;

/// <summary>
/// Which addresses a webhook may reach. In production only public unicast addresses: private
/// (RFC 1918), loopback, link-local, CGNAT (100.64/10), multicast, reserved and documentation
/// ranges, IPv6 unique-local (fc00::/7) and the IPv4 ranges inside mapped or NAT64 IPv6 addresses
/// are refused. Checked when a subscription is created and again for every connection (after DNS
/// resolution, so a name that later resolves to an internal address is still refused).
/// </summary>
internal static class SsrfGuard
{
    private static readonly IPNetwork[] BlockedV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.88.99.0/24"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
    ];

    private static readonly IPNetwork[] BlockedV6 =
    [
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"), IPNetwork.Parse("2001:db8::/32"), IPNetwork.Parse("100::/64"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>True when a webhook may connect to <paramref name="address"/> in production.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublic(address.MapToIPv4());
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !BlockedV4.Any(n => n.Contains(address));
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }
        if (Nat64.Contains(address))
        {
            return IsPublic(new IPAddress(address.GetAddressBytes()[12..]));
        }
        return !BlockedV6.Any(n => n.Contains(address));
    }

    /// <summary>Why a URL may not be a webhook target, or null when it may (addresses checked after resolution).</summary>
    public static async Task<string?> RefusalAsync(Uri url, WebhookTargetPolicy policy, Func<string, CancellationToken, Task<IPAddress[]>> resolve, CancellationToken ct)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && !policy.RequireHttps))
        {
            return "the target must use https";
        }
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "the target must not carry credentials";
        }
        if (policy.AllowPrivateTargets)
        {
            return null;
        }
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.IdnHost, out var literal) ? [literal] : await resolve(url.IdnHost, ct);
        }
        catch (SocketException)
        {
            return "the target's host name does not resolve";
        }
        return addresses.Length == 0 ? "the target's host name does not resolve"
            : addresses.FirstOrDefault(a => !IsPublic(a)) is { } blocked ? $"the target resolves to a non-public address ({blocked})" : null;
    }
}

/// <summary>What targets are allowed: production requires https and public addresses.</summary>
internal sealed record WebhookTargetPolicy(bool RequireHttps, bool AllowPrivateTargets);
