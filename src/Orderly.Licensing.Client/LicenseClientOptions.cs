namespace Orderly.Licensing.Client;

/// <summary>Where the license server is, which license this installation holds, and where it is bound.</summary>
public sealed class LicenseClientOptions
{
    /// <summary>The license key the buyer received.</summary>
    public required string Key { get; set; }

    /// <summary>The site's domain (as the buyer writes it; the server normalizes it). Set this or <see cref="Fingerprint"/>.</summary>
    public string? Domain { get; set; }

    /// <summary>A stable machine fingerprint (8–128 of letters, digits, '.', '_', ':', '-'). Set this or <see cref="Domain"/>.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>A label for the admin's list of activations, e.g. the host name.</summary>
    public string? InstanceName { get; set; }

    /// <summary>The leases' expected <c>iss</c>: the shop's public base URL (Orderly:PublicBaseUrl), e.g. "https://shop.example".</summary>
    public required string Issuer { get; set; }

    /// <summary>The leases' expected <c>aud</c>. Default "orderly-license".</summary>
    public string Audience { get; set; } = "orderly-license";

    /// <summary>A file to keep the lease and the JWKS in across restarts; null keeps them in memory only.</summary>
    public string? CachePath { get; set; }

    /// <summary>Tolerated difference between this machine's clock and the server's. Default 2 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How soon <see cref="LicenseClient.RunAsync"/> tries again after the server could not be reached. Default 5 minutes.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    internal string Binding => Domain is { Length: > 0 } domain ? $"domain:{domain.Trim()}" : $"fingerprint:{Fingerprint?.Trim()}";
}
