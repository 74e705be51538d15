using Microsoft.EntityFrameworkCore;
using Orderly.Keys.Contracts;
using Orderly.Keys.Crypto;
using Orderly.Persistence;

namespace Orderly.Keys;

/// <summary>
/// Assigns codes to an order line. Pool: one conditional UPDATE takes the next available codes and
/// stamps them with the line (a code that is not Available can never be taken again). Generator:
/// mints, encrypts and stores codes already allocated. Both are idempotent per line.
/// </summary>
internal sealed class KeyAllocator(OrderlyDbContext db, KeyRing ring, TimeProvider time) : IKeyAllocator
{
    public async Task<IReadOnlyList<Guid>?> AllocateAsync(KeyRequest request, CancellationToken cancellationToken)
    {
        var keys = db.Set<LicenseKey>();
        var lineId = (Guid?)request.OrderLineId;
        var have = await keys.CountAsync(k => k.OrderLineId == lineId, cancellationToken);
        var missing = request.Quantity - have;
        var now = time.GetUtcNow().UtcDateTime;

        // Each round locks the next available codes that no other allocator holds (PostgreSQL:
        // FOR UPDATE SKIP LOCKED, so 64 allocators take 64 different batches instead of queuing on
        // the same first rows), then stamps them; the status guard stays the rule. When every
        // available code is held by someone else, one round reads without skipping and waits in
        // the UPDATE for those allocators to finish: no spinning, and "none left" is only said
        // when the committed pool is empty.
        var skipLocked = true;
        while (missing > 0 && !request.Generated)
        {
            var candidates = keys.Where(k => k.ProductId == request.ProductId && k.Status == KeyStatus.Available)
                .OrderBy(k => k.Id).Select(k => k.Id).Take(missing);
            var next = await (skipLocked ? candidates.TagWith(RowLocks.SkipLocked) : candidates).ToListAsync(cancellationToken);
            if (next.Count == 0)
            {
                if (!skipLocked)
                {
                    return null;
                }
                skipLocked = false;
                continue;
            }
            var taken = await keys.Where(k => next.Contains(k.Id) && k.Status == KeyStatus.Available)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(k => k.Status, KeyStatus.Allocated)
                    .SetProperty(k => k.OrderId, request.OrderId)
                    .SetProperty(k => k.OrderLineId, lineId)
                    .SetProperty(k => k.AllocatedAt, now), cancellationToken);
            missing -= taken;
            skipLocked = true;
        }
        if (missing > 0 && request.Generated)
        {
            var (dataKeyId, key) = await ring.ActiveAsync(cancellationToken);
            for (var i = 0; i < missing; i++)
            {
                var code = KeyGenerator.Mint(request.Pattern!);
                keys.Add(new LicenseKey
                {
                    Id = Guid.CreateVersion7(time.GetUtcNow()),
                    ProductId = request.ProductId,
                    BlindIndex = BlindIndex.Compute(ring.IndexKey, code),
                    Ciphertext = KeyCipher.Encrypt(key, dataKeyId, KeyRing.CodePurpose, code),
                    DataKeyId = dataKeyId,
                    Status = KeyStatus.Allocated,
                    Generated = true,
                    CreatedAt = now,
                    OrderId = request.OrderId,
                    OrderLineId = lineId,
                    AllocatedAt = now,
                });
            }
            // A collision (≥ 40 bits per code) fails the unique index; the handler is retried and mints anew.
            await db.SaveChangesAsync(cancellationToken);
        }

        return await keys.AsNoTracking().Where(k => k.OrderLineId == lineId).OrderBy(k => k.Id).Select(k => k.Id).ToListAsync(cancellationToken);
    }
}

internal sealed class KeyVault(OrderlyDbContext db, KeyRing ring, TimeProvider time) : IKeyVault
{
    public async Task<IReadOnlyDictionary<Guid, string>> RevealAsync(IReadOnlyCollection<Guid> keyIds, CancellationToken cancellationToken)
    {
        var rows = await db.Set<LicenseKey>().AsNoTracking().Where(k => keyIds.Contains(k.Id))
            .Select(k => new { k.Id, k.DataKeyId, k.Ciphertext }).ToListAsync(cancellationToken);
        var result = new Dictionary<Guid, string>(rows.Count);
        foreach (var row in rows)
        {
            var key = await ring.GetAsync(row.DataKeyId, cancellationToken);
            result[row.Id] = KeyCipher.Decrypt(key, row.DataKeyId, KeyRing.CodePurpose, row.Ciphertext);
        }
        return result;
    }

    public async Task MarkRevealedAsync(IReadOnlyCollection<Guid> keyIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Set<LicenseKey>().Where(k => keyIds.Contains(k.Id) && k.RevealedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevealedAt, now), cancellationToken);
    }
}
