using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;
using Orderly.Shipping.Contracts;

namespace Orderly.Shipping;

/// <summary><see cref="IShippingDestinations"/>: the address an order ships to, for its invoice.</summary>
internal sealed class FindShippingAddress(OrderlyDbContext db) : IShippingDestinations
{
    public Task<ShippingDestination?> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Set<ShippingAddress>().AsNoTracking().Where(a => a.OrderId == orderId)
            .Select(a => new ShippingDestination(a.Name, a.Line1, a.Line2, a.City, a.PostalCode, a.Country, a.Phone))
            .FirstOrDefaultAsync(cancellationToken);
}
