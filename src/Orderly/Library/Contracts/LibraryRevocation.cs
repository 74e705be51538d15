namespace Orderly.Library.Contracts;

/// <summary>A refund took products back: the buyer's library shows them revoked and refuses their downloads.</summary>
public interface ILibraryRevocation
{
    /// <summary>
    /// Marks the library entries of <paramref name="keyIds"/>, and the file entries and download
    /// grants of <paramref name="wholeLineIds"/> (lines refunded in full), revoked. Joins the caller's transaction.
    /// </summary>
    Task RevokeAsync(IReadOnlyCollection<Guid> keyIds, IReadOnlyCollection<Guid> wholeLineIds, CancellationToken cancellationToken);
}
