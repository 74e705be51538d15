using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;
using Orderly.Shipping.Contracts;

namespace Orderly.Shipping;

/// <summary>Blanks who and where of the addresses of a deleted account's orders; shipments keep their lines and tracking.</summary>
internal sealed class EraseShippingAddresses(OrderlyDbContext db) : IShippingAddressErasure
{
    public async Task EraseAsync(IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken)
    {
        if (orderIds.Count == 0)
        {
            return;
        }
        await db.Set<ShippingAddress>().Where(a => orderIds.Contains(a.OrderId)).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Name, "")
            .SetProperty(a => a.Line1, "")
            .SetProperty(a => a.Line2, (string?)null)
            .SetProperty(a => a.City, "")
            .SetProperty(a => a.PostalCode, "")
            .SetProperty(a => a.Phone, (string?)null), cancellationToken);
    }
}
