using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary>Removes one of the signed-in buyer's addresses; the oldest one left becomes the default if it was.</summary>
internal static class DeleteAddress
{
    internal sealed class Handler(OrderlyDbContext db)
    {
        public async Task<bool> HandleAsync(Guid userId, Guid id, CancellationToken ct)
        {
            var mine = await db.Set<BuyerAddress>().Where(a => a.UserId == userId).OrderBy(a => a.CreatedAt).ToListAsync(ct);
            if (mine.FirstOrDefault(a => a.Id == id) is not { } address)
            {
                return false;
            }
            db.Set<BuyerAddress>().Remove(address);
            if (address.IsDefault && mine.FirstOrDefault(a => a != address) is { } next)
            {
                next.IsDefault = true;
            }
            await db.SaveChangesAsync(ct);
            return true;
        }
    }
}
