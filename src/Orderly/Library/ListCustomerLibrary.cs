using Microsoft.EntityFrameworkCore;
using Orderly.Library.Contracts;
using Orderly.Persistence;

namespace Orderly.Library;

/// <summary>The entries of a customer's library, oldest first, for their data export.</summary>
internal sealed class ListCustomerLibrary(OrderlyDbContext db) : ILibraryRecords
{
    public async Task<IReadOnlyList<LibraryRecord>> ListAsync(Guid customerId, CancellationToken cancellationToken) =>
        await db.Set<LibraryEntry>().AsNoTracking().Where(e => e.CustomerId == customerId).OrderBy(e => e.AddedAt).ThenBy(e => e.Id)
            .Select(e => new LibraryRecord(e.OrderId, e.Sku, e.ProductName, e.KeyId != null ? "code" : "file", e.AddedAt, e.RevealedAt, e.RevokedAt))
            .ToListAsync(cancellationToken);
}
