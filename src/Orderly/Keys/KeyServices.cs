using Microsoft.EntityFrameworkCore;
using Orderly.Keys.Contracts;
using Orderly.Keys.Crypto;
using Orderly.Persistence;

namespace Orderly.Keys;

internal sealed class KeyLookup(OrderlyDbContext db, KeyRing ring) : IKeyLookup
{
    public byte[] TokenOf(string code) => BlindIndex.Compute(ring.IndexKey, code);

    public async Task<IReadOnlyDictionary<Guid, byte[]>> TokensAsync(IReadOnlyCollection<Guid> keyIds, CancellationToken cancellationToken) =>
        await db.Set<LicenseKey>().AsNoTracking().Where(k => keyIds.Contains(k.Id))
            .ToDictionaryAsync(k => k.Id, k => k.BlindIndex, cancellationToken);
}

internal sealed class KeyTokens(KeyRing ring) : IKeyTokens
{
    public byte[] TokenOf(string code) => BlindIndex.Compute(ring.IndexKey, code);
}

internal sealed class SecretSealer(KeyRing ring) : ISecretSealer
{
    public async Task<SealedSecret> SealAsync(string purpose, string ownerId, ReadOnlyMemory<byte> secret, CancellationToken cancellationToken)
    {
        var (keyId, key) = await ring.ActiveAsync(cancellationToken);
        return new SealedSecret(keyId, KeyCipher.Encrypt(key, keyId, Purpose(purpose, ownerId), Convert.ToBase64String(secret.Span)));
    }

    public async Task<byte[]> OpenAsync(string purpose, string ownerId, SealedSecret sealedSecret, CancellationToken cancellationToken)
    {
        var key = await ring.GetAsync(sealedSecret.DataKeyId, cancellationToken);
        return Convert.FromBase64String(KeyCipher.Decrypt(key, sealedSecret.DataKeyId, Purpose(purpose, ownerId), sealedSecret.Ciphertext));
    }

    private static string Purpose(string purpose, string ownerId) => $"sealed:{purpose}:{ownerId}";
}
