using Microsoft.EntityFrameworkCore;
using Orderly.Library.Contracts;
using Orderly.Persistence;

namespace Orderly.Library;

/// <summary>
/// Removes a deleted account's library entries and download grants. Library tokens are signed,
/// not stored: with nothing left under the customer id, every token ever sent opens an empty library.
/// </summary>
internal sealed class ForgetCustomerLibrary(OrderlyDbContext db) : ILibraryErasure
{
    public async Task<int> ForgetAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var removed = await db.Set<LibraryEntry>().Where(e => e.CustomerId == customerId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<FileGrant>().Where(g => g.CustomerId == customerId).ExecuteDeleteAsync(cancellationToken);
        return removed;
    }
}
