using Orderly.Licensing.Contracts;

namespace Orderly.Licensing;

/// <summary>
/// One license: the right to run a product, bound to one key of one order line. The terms (plan,
/// limit, lease timing, entitlements) are copied from the product's licensing settings at issue,
/// as prices are copied onto order lines, so a later change of the settings does not alter a sold license.
/// </summary>
internal sealed class License
{
    public Guid Id { get; set; }
    public Guid ProductId { get; set; }
    public required string Sku { get; set; }
    public Guid OrderId { get; set; }
    public Guid OrderLineId { get; set; }
    public Guid CustomerId { get; set; }
    public required string Email { get; set; }
    public Guid KeyId { get; set; }

    /// <summary>The key's blind index (from Keys), to find the license from the code a customer presents.</summary>
    public required byte[] KeyToken { get; set; }

    public LicensePlan Plan { get; set; }
    public LicenseStatus Status { get; set; }
    public int ActivationLimit { get; set; }

    /// <summary>Seats in use. Only changed by guarded updates: <c>ActivationCount &lt; ActivationLimit</c> on activation.</summary>
    public int ActivationCount { get; set; }

    public TimeSpan LeaseLifetime { get; set; }
    public TimeSpan RevalidationInterval { get; set; }
    public TimeSpan GraceWindow { get; set; }

    public LeaseTerms Terms
    {
        get => new(LeaseLifetime, RevalidationInterval, GraceWindow);
        set => (LeaseLifetime, RevalidationInterval, GraceWindow) = (value.LeaseLifetime, value.RevalidationInterval, value.GraceWindow);
    }

    /// <summary>Space-separated, e.g. "updates pro".</summary>
    public required string Entitlements { get; set; }

    public DateTime IssuedAt { get; set; }

    /// <summary>End of the paid period; null for perpetual plans.</summary>
    public DateTime? ExpiresAt { get; set; }

    public DateTime UpdatedAt { get; set; }
    public string? StatusReason { get; set; }
}

/// <summary>How long a lease lives, when the client should check back, and how long it may run on without the server.</summary>
internal sealed record LeaseTerms(TimeSpan LeaseLifetime, TimeSpan RevalidationInterval, TimeSpan GraceWindow);

/// <summary>A seat: the license bound to one normalized domain or one machine fingerprint.</summary>
internal sealed class Activation
{
    public Guid Id { get; set; }
    public Guid LicenseId { get; set; }
    public BindingKind Kind { get; set; }

    /// <summary>The normalized domain (punycode, lower case) or fingerprint.</summary>
    public required string Value { get; set; }

    public string? InstanceName { get; set; }
    public DateTime ActivatedAt { get; set; }

    /// <summary>The last validation of this seat, written in batches (<see cref="ActivationSightings"/>): may lag by the flush interval.</summary>
    public DateTime? LastSeenAt { get; set; }
}

internal enum BindingKind
{
    Domain = 0,
    Fingerprint = 1,
}

/// <summary>A product's licensing settings (absent: the product is not licensable).</summary>
internal sealed class LicensingPolicy
{
    public Guid ProductId { get; set; }
    public required string Sku { get; set; }
    public LicensePlan Plan { get; set; }
    public int ActivationLimit { get; set; }
    public TimeSpan LeaseLifetime { get; set; }
    public TimeSpan RevalidationInterval { get; set; }
    public TimeSpan GraceWindow { get; set; }

    public LeaseTerms Terms
    {
        get => new(LeaseLifetime, RevalidationInterval, GraceWindow);
        set => (LeaseLifetime, RevalidationInterval, GraceWindow) = (value.LeaseLifetime, value.RevalidationInterval, value.GraceWindow);
    }
    public required string Entitlements { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// An ES256 lease-signing key. The private key (PKCS#8) is sealed under the key ring (the master
/// key wraps the data key that encrypts it); the public half is published in the JWKS until
/// <see cref="PublishedUntil"/>, after the last lease it may have signed (including its grace) is over.
/// </summary>
internal sealed class SigningKey
{
    public required string Kid { get; set; }
    public required string X { get; set; }
    public required string Y { get; set; }
    public required string DataKeyId { get; set; }
    public required byte[] PrivateKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime SignsUntil { get; set; }
    public DateTime PublishedUntil { get; set; }
}
