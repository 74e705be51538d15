namespace Orderly.Licensing;

/// <summary>Bound to the "Licensing" section.</summary>
public sealed class LicensingOptions
{
    public const string Section = "Licensing";

    /// <summary>How long one signing key signs leases before the next one takes over. Default 30 days.</summary>
    public TimeSpan SigningKeyRotation { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Longest lease lifetime a product may set. Default 30 days. A retired key stays in the JWKS
    /// for this long plus <see cref="MaxGraceWindow"/>, so every lease it signed can still be verified.
    /// </summary>
    public TimeSpan MaxLeaseLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Longest grace window a product may set. Default 30 days.</summary>
    public TimeSpan MaxGraceWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The leases' <c>iss</c>. Default: <c>Orderly:PublicBaseUrl</c>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The leases' <c>aud</c>. Default "orderly-license".</summary>
    public string Audience { get; set; } = "orderly-license";

    /// <summary>Signing keys are read again at least this often, to pick up another instance's rotation. Default 1 minute.</summary>
    public TimeSpan SigningKeyRefresh { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the validations seen in memory are written as the activations' last-seen times. Default 30 seconds.</summary>
    public TimeSpan LastSeenFlushInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Activated licenses kept in memory for validation (ADR 0027); 0 turns it off. Default 100,000.
    /// Only on the embedded database (SQLite), where this process owns every write; with PostgreSQL
    /// validation always reads the database.
    /// </summary>
    public int ValidationCacheSize { get; set; } = 100_000;

    public bool IsValid => ValidationCacheSize >= 0 && LastSeenFlushInterval > TimeSpan.Zero && SigningKeyRotation > TimeSpan.Zero && MaxLeaseLifetime > TimeSpan.Zero && MaxGraceWindow >= TimeSpan.Zero
        && SigningKeyRefresh > TimeSpan.Zero && !string.IsNullOrWhiteSpace(Audience);
}
