namespace Orderly.Keys.Contracts;

/// <summary>
/// Takes codes of a refunded order line back. A code the buyer has seen (its <c>RevealedAt</c> is
/// set: shown in the library, exported, or sent in the delivery e-mail) is burnt (status Revoked,
/// never sold again). A code never revealed goes back to the pool when the product's policy says so
/// (generated codes are always burnt: the generator mints new ones).
/// </summary>
public interface IKeyRevocation
{
    /// <summary>Revokes <paramref name="quantity"/> codes of the line, never-revealed ones first (the buyer keeps what they saw longest). Joins the caller's transaction.</summary>
    Task<KeyRevocationResult> RevokeAsync(Guid orderLineId, int quantity, bool returnUnrevealed, CancellationToken cancellationToken);
}

/// <param name="KeyIds">Every code taken from the buyer (burnt or returned).</param>
/// <param name="Returned">How many of them went back to the pool (stock follows).</param>
public sealed record KeyRevocationResult(IReadOnlyList<Guid> KeyIds, int Returned, int Burnt);
