using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Keys.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary>Which signing key signs now, which are published, and when a new one is due. Pure.</summary>
internal static class SigningKeySchedule
{
    /// <summary>The newest key whose signing period holds <paramref name="now"/>, or null when a new key is due.</summary>
    public static SigningKey? Signer(IEnumerable<SigningKey> keys, DateTime now) =>
        keys.Where(k => k.CreatedAt <= now && now < k.SignsUntil).OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Kid, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>Keys whose leases may still be in use (lease lifetime plus grace after their last signature).</summary>
    public static IReadOnlyList<SigningKey> Published(IEnumerable<SigningKey> keys, DateTime now) =>
        keys.Where(k => now < k.PublishedUntil).OrderByDescending(k => k.CreatedAt).ToList();

    public static (DateTime SignsUntil, DateTime PublishedUntil) Periods(DateTime createdAt, LicensingOptions options)
    {
        var signsUntil = createdAt + options.SigningKeyRotation;
        return (signsUntil, PublishedUntil(signsUntil, options));
    }

    public static DateTime PublishedUntil(DateTime signsUntil, LicensingOptions options) => signsUntil + options.MaxLeaseLifetime + options.MaxGraceWindow;
}

/// <summary>One public key of the JWKS (RFC 7517), P-256.</summary>
public sealed record Jwk(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);

public sealed record JwkSet(IReadOnlyList<Jwk> Keys);

/// <summary>
/// Signs leases as ES256 JWTs with the current signing key and serves the public keys. Keys live
/// in <c>licensing_signing_keys</c>, shared by every instance; the first instance that needs a key
/// makes one. Keys are read again when the signer's period ends or after
/// <see cref="LicensingOptions.SigningKeyRefresh"/>, so a rotation by another instance is picked up.
/// </summary>
internal sealed partial class LeaseSigner(IServiceScopeFactory scopes, ISecretSealer sealer, IOptions<LicensingOptions> options, IOptions<OrderlyOptions> orderly, TimeProvider time, ILogger<LeaseSigner> logger) : IDisposable
{
    public const string SealPurpose = "licensing-signing-key";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _snapshot;

    public string Issuer => options.Value.Issuer ?? orderly.Value.PublicBaseUrl;

    public string Audience => options.Value.Audience;

    /// <summary>The key that signs now. A new instance whenever the keys are read again, so a lease signed with an equal instance was signed with this key.</summary>
    public async ValueTask<Snapshot> KeyAsync(CancellationToken cancellationToken) =>
        _snapshot is { } current && time.GetUtcNow().UtcDateTime < current.RefreshAt ? current : await CurrentAsync(cancellationToken);

    /// <summary>One ECDsa signs concurrently: each signature gets its own OpenSSL context over the shared, read-only key.</summary>
    public string Sign(Snapshot key, IReadOnlyDictionary<string, object> claims, DateTime issuedAt, DateTime expiresAt) =>
        LeaseTokens.Sign(key.Key, key.Header, Issuer, Audience, claims, issuedAt, expiresAt);

    public async Task<JwkSet> JwksAsync(CancellationToken cancellationToken) => (await CurrentAsync(cancellationToken)).Jwks;

    /// <summary>Ends the current key's signing period now and makes the next key (admin rotation).</summary>
    public async Task<string> RotateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            var now = time.GetUtcNow().UtcDateTime;
            var publishedUntil = SigningKeySchedule.PublishedUntil(now, options.Value);
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            await db.Set<SigningKey>().Where(k => k.SignsUntil > now)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.SignsUntil, now).SetProperty(k => k.PublishedUntil, publishedUntil), cancellationToken);
            var kid = await AddKeyAsync(db, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _snapshot = null;
            return kid;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_snapshot is { } current && now < current.RefreshAt)
        {
            return current;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } loaded && now < loaded.RefreshAt)
            {
                return loaded;
            }
            var fresh = await LoadAsync(now, cancellationToken);
            // The previous key is not disposed: a request may still be signing with it.
            _snapshot = fresh;
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Snapshot> LoadAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        var keys = await db.Set<SigningKey>().AsNoTracking().Where(k => k.PublishedUntil > now).ToListAsync(cancellationToken);
        if (SigningKeySchedule.Signer(keys, now) is null)
        {
            // Two instances may both add one here; both are then published and the newest signs.
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            await AddKeyAsync(db, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            keys = await db.Set<SigningKey>().AsNoTracking().Where(k => k.PublishedUntil > now).ToListAsync(cancellationToken);
        }
        var signer = SigningKeySchedule.Signer(keys, now)!;
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(await sealer.OpenAsync(SealPurpose, signer.Kid, new SealedSecret(signer.DataKeyId, signer.PrivateKey), cancellationToken), out _);
        var jwks = new JwkSet(SigningKeySchedule.Published(keys, now)
            .Select(k => new Jwk("EC", "P-256", k.X, k.Y, k.Kid, "sig", "ES256")).ToList());
        var refreshAt = signer.SignsUntil < now + options.Value.SigningKeyRefresh ? signer.SignsUntil : now + options.Value.SigningKeyRefresh;
        return new Snapshot(ecdsa, LeaseTokens.Header(signer.Kid), jwks, refreshAt);
    }

    private async Task<string> AddKeyAsync(OrderlyDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        var kid = $"lk-{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var pkcs8 = ecdsa.ExportPkcs8PrivateKey();
        var sealedKey = await sealer.SealAsync(SealPurpose, kid, pkcs8, cancellationToken);
        CryptographicOperations.ZeroMemory(pkcs8);
        var (signsUntil, publishedUntil) = SigningKeySchedule.Periods(now, options.Value);
        db.Set<SigningKey>().Add(new SigningKey
        {
            Kid = kid,
            X = Base64Url.EncodeToString(parameters.Q.X),
            Y = Base64Url.EncodeToString(parameters.Q.Y),
            DataKeyId = sealedKey.DataKeyId,
            PrivateKey = sealedKey.Ciphertext,
            CreatedAt = now,
            SignsUntil = signsUntil,
            PublishedUntil = publishedUntil,
        });
        LogKeyCreated(kid, signsUntil);
        return kid;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease-signing key {Kid} created; it signs until {SignsUntil:u}")]
    private partial void LogKeyCreated(string kid, DateTime signsUntil);

    public void Dispose()
    {
        _snapshot?.Key.Dispose();
        _gate.Dispose();
    }

    internal sealed record Snapshot(ECDsa Key, string Header, JwkSet Jwks, DateTime RefreshAt);
}
