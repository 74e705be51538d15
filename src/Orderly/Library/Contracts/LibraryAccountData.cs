namespace Orderly.Library.Contracts;

/// <summary>One library entry as a buyer's data export lists it (no code: the library shows codes, with each reveal recorded).</summary>
/// <param name="Type"><c>code</c> or <c>file</c>.</param>
public sealed record LibraryRecord(Guid OrderId, string Sku, string ProductName, string Type, DateTime AddedAt, DateTime? RevealedAt, DateTime? RevokedAt);

/// <summary>A customer's library entries (the account's data export).</summary>
public interface ILibraryRecords
{
    Task<IReadOnlyList<LibraryRecord>> ListAsync(Guid customerId, CancellationToken cancellationToken);
}

/// <summary>
/// A buyer deleted their account: their library entries and download grants go, so no signed
/// library or download link they were ever sent opens anything any more.
/// </summary>
public interface ILibraryErasure
{
    /// <summary>Joins the caller's transaction. Returns how many entries were removed.</summary>
    Task<int> ForgetAsync(Guid customerId, CancellationToken cancellationToken);
}
