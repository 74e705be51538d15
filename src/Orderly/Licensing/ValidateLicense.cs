using Microsoft.AspNetCore.Http.HttpResults;
using Orderly.Hosting;
using Orderly.Keys.Contracts;
using Orderly.Licensing.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary>
/// <c>POST /api/licenses/validate</c>: for an activated domain or fingerprint, a signed lease (an
/// ES256 JWT, verifiable offline against <c>/.well-known/jwks.json</c>). Reads only: validation
/// scales with the database's readers, and the activation is the record of the site (its last-seen
/// time is kept in memory and written in batches, off the request).
/// </summary>
public sealed record ValidateLicenseRequest(string? Key, string? Domain, string? Fingerprint);

/// <param name="Lease">The JWT. Claims: <c>sub</c> (license id), <c>product</c>, <c>domain</c> or <c>fingerprint</c>,
/// <c>status</c>, <c>plan</c>, <c>entitlements</c>, <c>revalidate_at</c> and <c>grace_until</c> (Unix seconds),
/// <c>license_expires_at</c> (subscriptions), <c>iat</c>, <c>nbf</c>, <c>exp</c>.</param>
public sealed record LeaseResponse(string Lease, Guid LicenseId, string Status, DateTime ExpiresAt, DateTime RevalidateAt, DateTime GraceUntil, IReadOnlyList<string> Entitlements);

internal static class ValidateLicense
{
    public abstract record Outcome
    {
        public sealed record Leased(LeaseResponse Lease) : Outcome;
        public sealed record Invalid : Outcome;
        public sealed record BadRequest(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record Denied(LicenseStatus Status) : Outcome;
    }

    /// <summary>The lease's claims besides the registered times (<c>iat</c>, <c>nbf</c>, <c>exp</c>), which the signer sets.</summary>
    public static Dictionary<string, object> Claims(License license, Activation activation, LeaseRules.Decision.Granted granted)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = license.Id.ToString(),
            ["product"] = license.Sku,
            [activation.Kind == BindingKind.Domain ? "domain" : "fingerprint"] = activation.Value,
            ["status"] = "active",
            ["plan"] = license.Plan.ToString().ToLowerInvariant(),
            ["entitlements"] = Entitlements(license),
            ["revalidate_at"] = ToUnix(granted.RevalidateAt),
            ["grace_until"] = ToUnix(granted.GraceUntil),
        };
        if (license.ExpiresAt is { } expires)
        {
            claims["license_expires_at"] = ToUnix(expires);
        }
        return claims;
    }

    private static string[] Entitlements(License license) => license.Entitlements.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static long ToUnix(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    internal sealed class Handler(OrderlyDbContext db, IKeyLookup keys, LeaseSigner signer, ActivationSightings sightings, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(ValidateLicenseRequest request, CancellationToken ct)
        {
            if (!LicenseLookup.TryParse(request.Key, request.Domain, request.Fingerprint, out var claim, out var errors))
            {
                return new Outcome.BadRequest(errors);
            }
            if (await LicenseLookup.FindActivatedAsync(db, keys, claim!, ct) is not { } found)
            {
                return new Outcome.Invalid();
            }
            var (license, activation) = found;
            // JWT times have whole seconds; deciding on a truncated clock keeps the response and the token equal.
            var now = DateTime.UnixEpoch.AddSeconds(time.GetUtcNow().ToUnixTimeSeconds());
            sightings.Seen(activation.Id, now);
            switch (LeaseRules.Decide(license.Status, license.ExpiresAt, license.Terms, now))
            {
                case LeaseRules.Decision.Granted granted:
                    var token = await signer.SignAsync(Claims(license, activation, granted), granted.IssuedAt, granted.ExpiresAt, ct);
                    return new Outcome.Leased(new LeaseResponse(token, license.Id, "active", granted.ExpiresAt, granted.RevalidateAt, granted.GraceUntil, Entitlements(license)));
                case LeaseRules.Decision.Denied denied:
                    return new Outcome.Denied(denied.Status);
                default:
                    throw new InvalidOperationException("Unhandled decision.");
            }
        }
    }

    public static async Task<Results<Ok<LeaseResponse>, ProblemHttpResult>> EndpointAsync(ValidateLicenseRequest request, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(request, ct) switch
        {
            Outcome.Leased l => TypedResults.Ok(l.Lease),
            Outcome.BadRequest b => Problems.Validation(b.Errors),
            Outcome.Invalid => LicenseLookup.Invalid(),
            Outcome.Denied d => LicenseLookup.Denied(d.Status),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
}

/// <summary><c>GET /.well-known/jwks.json</c>: the public keys of every lease that may still be in use.</summary>
internal static class GetJwks
{
    public static async Task<Ok<JwkSet>> HandleAsync(LeaseSigner signer, HttpResponse response, CancellationToken ct)
    {
        // Short, so a rotation reaches clients quickly; clients also refetch on an unknown kid.
        response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Ok(await signer.JwksAsync(ct));
    }
}
