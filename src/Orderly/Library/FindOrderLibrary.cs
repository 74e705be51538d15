using Microsoft.EntityFrameworkCore;
using Orderly.Library.Contracts;
using Orderly.Persistence;

namespace Orderly.Library;

/// <summary>The library an order delivered into (for the checkout's thank-you page).</summary>
internal sealed class FindOrderLibrary(OrderlyDbContext db, ILibraryLinks links) : IOrderLibrary
{
    public async Task<string?> LibraryUrlAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var customers = await db.Set<LibraryEntry>().AsNoTracking().Where(e => e.OrderId == orderId).Select(e => e.CustomerId).Distinct().Take(2).ToListAsync(cancellationToken);
        return customers.Count == 1 ? links.LibraryUrl(customers[0]) : null;
    }
}
