using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;
using Orderly.Reseller.Contracts;

namespace Orderly.Reseller;

internal sealed class MerchantDirectory(OrderlyDbContext db) : IMerchantDirectory
{
    public Task<bool> ExistsAsync(Guid merchantId, CancellationToken cancellationToken) => db.Set<Merchant>().AnyAsync(m => m.Id == merchantId, cancellationToken);
}
