using Microsoft.EntityFrameworkCore;
using Orderly.Library.Contracts;
using Orderly.Persistence;

namespace Orderly.Library;

internal sealed class RevokeLibraryAccess(OrderlyDbContext db, TimeProvider time) : ILibraryRevocation
{
    public async Task RevokeAsync(IReadOnlyCollection<Guid> keyIds, IReadOnlyCollection<Guid> wholeLineIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var keys = keyIds.Select(id => (Guid?)id).ToList();
        if (keys.Count > 0)
        {
            await db.Set<LibraryEntry>().Where(e => keys.Contains(e.KeyId) && e.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.RevokedAt, now), cancellationToken);
        }
        if (wholeLineIds.Count > 0)
        {
            await db.Set<LibraryEntry>().Where(e => wholeLineIds.Contains(e.OrderLineId) && e.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.RevokedAt, now), cancellationToken);
            await db.Set<FileGrant>().Where(g => wholeLineIds.Contains(g.OrderLineId) && g.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.RevokedAt, now), cancellationToken);
        }
    }
}
