using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Keys.Contracts;
using Orderly.Licensing.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary>What the public license endpoints share: reading a key and a binding, finding the license, the answers.</summary>
internal static class LicenseLookup
{
    /// <summary>Per license key, so one leaked key cannot churn seats from many addresses.</summary>
    public const string KeyBudget = "licensing-key";

    /// <summary>Per client address, so one client cannot churn through many keys.</summary>
    public const string AddressPolicy = "licensing-address";

    /// <summary>Validations per client address.</summary>
    public const string ValidationPolicy = "licensing-validate";

    public const int MaxKeyLength = 256;

    /// <summary>A parsed request: the key as sent (trimmed) and the normalized binding.</summary>
    public sealed record Claim(string Key, BindingKind Kind, string Value);

    public static bool TryParse(string? key, string? domain, string? fingerprint, out Claim? claim, out List<ValidationError> errors)
    {
        errors = [];
        claim = null;
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength)
        {
            errors.Add(new("key", $"is required, at most {MaxKeyLength} characters."));
        }
        if (!Bindings.TryParse(domain, fingerprint, out var kind, out var value, out var error))
        {
            errors.Add(new(string.IsNullOrWhiteSpace(fingerprint) ? "domain" : "fingerprint", error));
        }
        if (errors.Count == 0)
        {
            claim = new Claim(key!.Trim(), kind, value);
        }
        return claim is not null;
    }

    /// <summary>The oldest license of a code (codes are unique per product, so rarely more than one), compiled as <see cref="Activated"/>.</summary>
    public static Task<License?> FindFirstAsync(OrderlyDbContext db, IKeyLookup keys, string key, CancellationToken ct) =>
        FirstOfToken(db, keys.TokenOf(key), ct);

    /// <summary>The activation of a license for a binding (activation's "the same site again" check), compiled as <see cref="Activated"/>.</summary>
    public static Task<Activation?> FindActivationAsync(OrderlyDbContext db, Guid licenseId, Claim claim, CancellationToken ct) =>
        ActivationOf(db, licenseId, claim.Kind, claim.Value, ct);

    private static readonly Func<OrderlyDbContext, byte[], CancellationToken, Task<License?>> FirstOfToken =
        EF.CompileAsyncQuery((OrderlyDbContext db, byte[] token, CancellationToken ct) =>
            db.Set<License>().AsNoTracking().Where(l => l.KeyToken == token).OrderBy(l => l.Id).FirstOrDefault());

    private static readonly Func<OrderlyDbContext, Guid, BindingKind, string, CancellationToken, Task<Activation?>> ActivationOf =
        EF.CompileAsyncQuery((OrderlyDbContext db, Guid licenseId, BindingKind kind, string value, CancellationToken ct) =>
            db.Set<Activation>().AsNoTracking().FirstOrDefault(a => a.LicenseId == licenseId && a.Kind == kind && a.Value == value));

    /// <summary>
    /// The license of the code that is activated for the binding, with its activation: one query
    /// (validation's hot path when it misses <see cref="ValidationSnapshot"/>, and every validation on
    /// PostgreSQL, where a suspension written by another instance must show at the next one). Compiled once: building,
    /// parameterizing and looking up the LINQ tree per call cost more than the indexed read itself.
    /// </summary>
    public static async Task<(License License, Activation Activation)?> FindActivatedAsync(OrderlyDbContext db, byte[] token, Claim claim, CancellationToken ct) =>
        await Activated(db, token, claim.Kind, claim.Value, ct) is { } found ? (found.License, found.Activation) : null;

    private sealed record Pair(License License, Activation Activation);

    private static readonly Func<OrderlyDbContext, byte[], BindingKind, string, CancellationToken, Task<Pair?>> Activated =
        EF.CompileAsyncQuery((OrderlyDbContext db, byte[] token, BindingKind kind, string value, CancellationToken ct) => (
            from l in db.Set<License>().AsNoTracking()
            join a in db.Set<Activation>().AsNoTracking() on l.Id equals a.LicenseId
            where l.KeyToken == token && a.Kind == kind && a.Value == value
            select new Pair(l, a)).FirstOrDefault());

    /// <summary>Unknown key and key not bound here are one answer: the endpoints are no oracle for which keys exist.</summary>
    public static ProblemHttpResult Invalid() =>
        Problems.Create(StatusCodes.Status403Forbidden, LicensingErrors.Invalid, "The license is not valid here.",
            "The key is unknown, or not activated for this domain or fingerprint.");

    public static ProblemHttpResult Denied(LicenseStatus status) => status switch
    {
        LicenseStatus.Suspended => Problems.Create(StatusCodes.Status403Forbidden, LicensingErrors.Suspended, "The license is suspended.", "Contact the seller."),
        LicenseStatus.Expired => Problems.Create(StatusCodes.Status403Forbidden, LicensingErrors.Expired, "The license has expired.", "Renew the subscription to continue."),
        _ => Problems.Create(StatusCodes.Status403Forbidden, LicensingErrors.Revoked, "The license has been revoked."),
    };
}
