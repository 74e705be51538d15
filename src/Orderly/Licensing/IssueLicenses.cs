using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Fulfillment.Contracts;
using Orderly.Keys.Contracts;
using Orderly.Licensing.Contracts;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary>
/// One license per key of a licensable product, when the order's keys are assigned. Idempotent: a
/// key that already has a license is skipped, and the unique index on the key id holds the rest.
/// </summary>
internal sealed class IssueLicenses(OrderlyDbContext db, IKeyLookup keys, IAuditLog audit, TimeProvider time) : IMessageHandler<OrderFulfilled>
{
    public async Task HandleAsync(OrderFulfilled message, MessageContext context, CancellationToken cancellationToken)
    {
        var productIds = message.Lines.Select(l => l.ProductId).Distinct().ToList();
        var policies = await db.Set<LicensingPolicy>().AsNoTracking().Where(p => productIds.Contains(p.ProductId))
            .ToDictionaryAsync(p => p.ProductId, cancellationToken);
        var lines = message.Lines.Where(l => policies.ContainsKey(l.ProductId) && l.KeyIds.Count > 0).ToList();
        if (lines.Count == 0)
        {
            return;
        }
        var keyIds = lines.SelectMany(l => l.KeyIds).ToList();
        var licensed = (await db.Set<License>().Where(l => keyIds.Contains(l.KeyId)).Select(l => l.KeyId).ToListAsync(cancellationToken)).ToHashSet();
        var tokens = await keys.TokensAsync(keyIds, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var line in lines)
        {
            var policy = policies[line.ProductId];
            foreach (var keyId in line.KeyIds.Where(k => !licensed.Contains(k)))
            {
                var license = new License
                {
                    Id = Guid.CreateVersion7(time.GetUtcNow()),
                    ProductId = line.ProductId,
                    Sku = line.Sku,
                    OrderId = message.OrderId,
                    OrderLineId = line.OrderLineId,
                    CustomerId = message.CustomerId,
                    Email = message.Email,
                    KeyId = keyId,
                    KeyToken = tokens[keyId],
                    Plan = policy.Plan,
                    Status = LicenseStatus.Active,
                    ActivationLimit = policy.ActivationLimit,
                    Terms = policy.Terms,
                    Entitlements = policy.Entitlements,
                    IssuedAt = now,
                    // Like a renewal (paid through + grace): a late first renewal must not cut the buyer off at once.
                    ExpiresAt = LeaseRules.PeriodEnd(policy.Plan, now) + policy.Terms.GraceWindow,
                    UpdatedAt = now,
                };
                db.Set<License>().Add(license);
                audit.Append("LicenseIssued", message.OrderId, "system", new { licenseId = license.Id, keyId, line.Sku, plan = policy.Plan.ToString() });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
