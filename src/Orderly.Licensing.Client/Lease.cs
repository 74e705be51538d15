using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Orderly.Licensing.Client;

/// <summary>A verified lease: what the license server granted this installation, and until when.</summary>
public sealed record Lease(
    string Token,
    Guid LicenseId,
    string Product,
    string? Domain,
    string? Fingerprint,
    IReadOnlyList<string> Entitlements,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset RevalidateAt,
    DateTimeOffset GraceUntil)
{
    public bool HasEntitlement(string name) => Entitlements.Contains(name, StringComparer.Ordinal);

    internal static Lease FromToken(JsonWebToken jwt)
    {
        var entitlements = jwt.TryGetPayloadValue<JsonElement>("entitlements", out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : [];
        return new Lease(
            jwt.EncodedToken,
            Guid.Parse(jwt.Subject),
            jwt.GetPayloadValue<string>("product"),
            jwt.TryGetPayloadValue<string>("domain", out var domain) ? domain : null,
            jwt.TryGetPayloadValue<string>("fingerprint", out var fingerprint) ? fingerprint : null,
            entitlements,
            Unix(jwt, "iat"),
            Unix(jwt, "exp"),
            Unix(jwt, "revalidate_at"),
            Unix(jwt, "grace_until"));
    }

    private static DateTimeOffset Unix(JsonWebToken jwt, string claim) => DateTimeOffset.FromUnixTimeSeconds(jwt.GetPayloadValue<long>(claim));
}

/// <summary>Where a lease stands at a moment, before asking the server anything.</summary>
public enum LeaseStanding
{
    /// <summary>Valid, and not yet due for revalidation.</summary>
    Fresh,

    /// <summary>Valid, but due for revalidation.</summary>
    Due,

    /// <summary>Expired, but inside its grace window: usable only while the server cannot be reached.</summary>
    Grace,

    /// <summary>Past its grace window (or no lease at all).</summary>
    Lapsed,
}

/// <summary>The client's rules for a lease, pure: the clock is an argument.</summary>
public static class LeasePolicy
{
    public static LeaseStanding Standing(Lease? lease, DateTimeOffset now, TimeSpan clockSkew) => lease switch
    {
        null => LeaseStanding.Lapsed,
        _ when now + clockSkew < lease.IssuedAt => LeaseStanding.Lapsed, // from the future: the clock was set back
        _ when now < lease.RevalidateAt => LeaseStanding.Fresh,
        _ when now < lease.ExpiresAt => LeaseStanding.Due,
        _ when now < lease.GraceUntil => LeaseStanding.Grace,
        _ => LeaseStanding.Lapsed,
    };

    /// <summary>
    /// The state after an attempt to revalidate a lease of <paramref name="standing"/>. A server
    /// that answered refuses for good (revoked, suspended, expired, unknown); a server that could
    /// not be reached leaves a still-valid lease valid and an expired one in grace, but never past it.
    /// </summary>
    public static LicenseState AfterUnreachable(LeaseStanding standing) => standing switch
    {
        LeaseStanding.Fresh or LeaseStanding.Due => LicenseState.Valid,
        LeaseStanding.Grace => LicenseState.Grace,
        _ => LicenseState.Invalid,
    };
}

public enum LicenseState
{
    /// <summary>Licensed.</summary>
    Valid,

    /// <summary>Licensed on the grace window: the server could not be reached and the lease has expired.</summary>
    Grace,

    /// <summary>Not licensed: refused by the server, or no valid lease and no grace left.</summary>
    Invalid,
}

/// <param name="Reason">For <see cref="LicenseState.Invalid"/>: the server's error code (e.g. "licensing.license_revoked"), or "unreachable".</param>
public sealed record LicenseCheck(LicenseState State, Lease? Lease, string? Reason)
{
    public bool IsLicensed => State != LicenseState.Invalid;
}
