using Microsoft.AspNetCore.Http.HttpResults;
using Orderly.Hosting;
using Orderly.Keys.Contracts;
using Orderly.Licensing.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary>
/// <c>POST /api/licenses/validate</c>: for an activated domain or fingerprint, a signed lease (an
/// ES256 JWT, verifiable offline against <c>/.well-known/jwks.json</c>). Reads only: on the embedded
/// database from memory (<see cref="ValidationSnapshot"/>), else from the database's readers; the
/// activation is the record of the site (its last-seen time is kept in memory and written in
/// batches, off the request).
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
    public static Dictionary<string, object> Claims(LeaseSubject subject, LeaseRules.Decision.Granted granted)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject.LicenseId.ToString(),
            ["product"] = subject.Sku,
            [subject.Kind == BindingKind.Domain ? "domain" : "fingerprint"] = subject.Value,
            ["status"] = "active",
            ["plan"] = subject.Plan.ToString().ToLowerInvariant(),
            ["entitlements"] = subject.Entitlements,
            ["revalidate_at"] = ToUnix(granted.RevalidateAt),
            ["grace_until"] = ToUnix(granted.GraceUntil),
        };
        if (subject.ExpiresAt is { } expires)
        {
            claims["license_expires_at"] = ToUnix(expires);
        }
        return claims;
    }

    private static long ToUnix(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    /// <summary>
    /// A singleton: a validation found in <see cref="ValidationSnapshot"/> opens no scope and no
    /// <see cref="OrderlyDbContext"/>; only a miss does.
    /// </summary>
    internal sealed class Handler(IServiceScopeFactory scopes, IKeyTokens keys, LeaseSigner signer, ActivationSightings sightings, ValidationSnapshot snapshot, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(ValidateLicenseRequest request, CancellationToken ct)
        {
            if (!LicenseLookup.TryParse(request.Key, request.Domain, request.Fingerprint, out var claim, out var errors))
            {
                return new Outcome.BadRequest(errors);
            }
            var token = keys.TokenOf(claim!.Key);
            ValidationSnapshot.Entry? entry = null;
            LeaseSubject subject;
            if (snapshot.TryGet(token, claim.Kind, claim.Value, out var cached))
            {
                (entry, subject) = (cached, cached.Subject);
            }
            else if (await LoadAsync(token, claim, ct) is { } loaded)
            {
                subject = loaded;
            }
            else
            {
                return new Outcome.Invalid();
            }
            // JWT times have whole seconds; deciding on a truncated clock keeps the response and the token equal.
            var now = DateTime.UnixEpoch.AddSeconds(time.GetUtcNow().ToUnixTimeSeconds());
            sightings.Seen(subject.ActivationId, now);
            return LeaseRules.Decide(subject.Status, subject.ExpiresAt, subject.Terms, now) switch
            {
                LeaseRules.Decision.Granted granted => new Outcome.Leased(await LeaseAsync(entry, subject, granted, ct)),
                LeaseRules.Decision.Denied denied => new Outcome.Denied(denied.Status),
                _ => throw new InvalidOperationException("Unhandled decision."),
            };
        }

        /// <summary>The activation from the database, kept in the snapshot unless a write to licenses ended meanwhile.</summary>
        private async Task<LeaseSubject?> LoadAsync(byte[] token, LicenseLookup.Claim claim, CancellationToken ct)
        {
            var generation = snapshot.Generation;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            if (await LicenseLookup.FindActivatedAsync(db, token, claim, ct) is not { } found)
            {
                return null; // never kept: unknown keys must not fill memory
            }
            var subject = LeaseSubject.Of(found.License, found.Activation);
            snapshot.TryAdd(token, subject, generation);
            return subject;
        }

        /// <summary>
        /// Signs the lease, or hands out the one already signed for this activation in this second
        /// with this key. That token is what signing again would give, up to ECDSA's random nonce:
        /// the payload is a function of the subject (immutable; a write drops the whole entry), the
        /// whole-second clock and the key, and both are valid signatures of it.
        /// </summary>
        private async ValueTask<LeaseResponse> LeaseAsync(ValidationSnapshot.Entry? entry, LeaseSubject subject, LeaseRules.Decision.Granted granted, CancellationToken ct)
        {
            var key = await signer.KeyAsync(ct);
            if (entry?.Lease is { } signed && signed.IssuedAt == granted.IssuedAt && ReferenceEquals(signed.SigningKey, key))
            {
                return signed.Response;
            }
            var lease = signer.Sign(key, Claims(subject, granted), granted.IssuedAt, granted.ExpiresAt);
            var response = new LeaseResponse(lease, subject.LicenseId, "active", granted.ExpiresAt, granted.RevalidateAt, granted.GraceUntil, subject.Entitlements);
            entry?.Lease = new ValidationSnapshot.SignedLease(granted.IssuedAt, key, response);
            return response;
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
