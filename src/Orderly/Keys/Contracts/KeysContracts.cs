using Orderly.Messaging;

namespace Orderly.Keys.Contracts;

/// <summary>Codes for order lines: taken from the pool or minted by the product's generator.</summary>
public interface IKeyAllocator
{
    /// <summary>
    /// Assigns <paramref name="quantity"/> codes to the order line (joining the caller's transaction).
    /// Idempotent per line: codes already assigned to it count. Returns the line's key ids, or null
    /// when the pool holds too few.
    /// </summary>
    Task<IReadOnlyList<Guid>?> AllocateAsync(KeyRequest request, CancellationToken cancellationToken);
}

public sealed record KeyRequest(Guid ProductId, bool Generated, string? Pattern, Guid OrderId, Guid OrderLineId, int Quantity);

/// <summary>Decrypts codes for the only parties allowed to see them: the buyer and an audited admin.</summary>
public interface IKeyVault
{
    Task<IReadOnlyDictionary<Guid, string>> RevealAsync(IReadOnlyCollection<Guid> keyIds, CancellationToken cancellationToken);

    /// <summary>Records that the buyer has seen the codes (later refunds burn seen codes).</summary>
    Task MarkRevealedAsync(IReadOnlyCollection<Guid> keyIds, CancellationToken cancellationToken);
}

/// <summary>Imports codes into a product's pool.</summary>
public interface IKeyImporter
{
    Task<KeyImportResult> ImportAsync(Guid productId, TextReader content, bool csv, CancellationToken cancellationToken);
}

/// <summary>New codes went into a product's pool (and its available stock), in the same transaction.</summary>
/// <param name="Count">Codes added (duplicates and rejected lines not counted); never 0.</param>
[WireName("keys.keys_imported")]
public sealed record KeysImported(Guid ProductId, int Count);

/// <param name="Rejected">lines refused, with their 1-based line number and the reason.</param>
public sealed record KeyImportResult(int Imported, int Duplicates, IReadOnlyList<RejectedLine> Rejected);

public sealed record RejectedLine(int Line, string Reason);

/// <summary>Shows only the last characters of a code, for logs of admins and lists.</summary>
public static class KeyMask
{
    public static string Mask(string key) => key.Length <= 4 ? "••••" : $"••••{key[^4..]}";
}

/// <summary>
/// Finds codes without decrypting them: the lookup token is the blind index (HMAC-SHA256 under a key
/// derived from the master key), equal for equal codes after normalization (trim, upper case).
/// </summary>
public interface IKeyLookup : IKeyTokens
{
    /// <summary>The stored tokens of the given keys (unknown ids are left out).</summary>
    Task<IReadOnlyDictionary<Guid, byte[]>> TokensAsync(IReadOnlyCollection<Guid> keyIds, CancellationToken cancellationToken);
}

/// <summary>
/// The lookup token of a code without a database: a singleton, for hot paths that must not open a
/// unit of work just to compute a hash (license validation served from memory).
/// </summary>
public interface IKeyTokens
{
    /// <summary>The token of a code a customer presents.</summary>
    byte[] TokenOf(string code);
}

/// <summary>
/// Encrypts small secrets of other modules (e.g. signing keys) under the key ring: AES-256-GCM with
/// the active data key, which the master key wraps. The associated data binds a ciphertext to its
/// purpose and its owner's id, so it cannot be moved to another row.
/// </summary>
public interface ISecretSealer
{
    Task<SealedSecret> SealAsync(string purpose, string ownerId, ReadOnlyMemory<byte> secret, CancellationToken cancellationToken);

    /// <exception cref="System.Security.Cryptography.CryptographicException">the ciphertext, purpose or owner does not match.</exception>
    Task<byte[]> OpenAsync(string purpose, string ownerId, SealedSecret sealedSecret, CancellationToken cancellationToken);
}

/// <summary>A sealed secret: the data key that encrypted it and nonce ‖ ciphertext ‖ tag.</summary>
public sealed record SealedSecret(string DataKeyId, byte[] Ciphertext);
