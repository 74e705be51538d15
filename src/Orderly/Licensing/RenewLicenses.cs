using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Licensing.Contracts;
using Orderly.Messaging;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary>
/// Subscription events move the end of the order's subscription licenses: a renewal to the paid-through
/// date plus the license's grace window (never earlier than it was, so a late or repeated delivery
/// changes nothing); an end to the end date plus the grace window (never later than it was). An
/// unpaid (past due) period needs no event: the license simply reaches its end.
/// </summary>
internal static class SubscriptionTerms
{
    public static DateTime? Renewed(DateTime? current, DateTime paidThrough, TimeSpan grace)
    {
        var renewed = Utc(paidThrough) + grace;
        return current is { } c && c >= renewed ? c : renewed;
    }

    public static DateTime? Ended(DateTime? current, DateTime endedAt, TimeSpan grace)
    {
        var ended = Utc(endedAt) + grace;
        return current is { } c && c <= ended ? c : ended;
    }

    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc);

    /// <summary>Applies <paramref name="expiry"/> to the order's subscription licenses (revoked ones are left alone) and audits each change.</summary>
    public static async Task ApplyAsync(OrderlyDbContext db, IAuditLog audit, ValidationSnapshot snapshot, TimeProvider time, Guid orderId, string auditType, object details,
        Func<License, DateTime?> expiry, CancellationToken cancellationToken)
    {
        var licenses = await db.Set<License>()
            .Where(l => l.OrderId == orderId && l.Plan != LicensePlan.Perpetual && l.Status != LicenseStatus.Revoked)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var changed = new List<Guid>();
        foreach (var license in licenses)
        {
            var next = expiry(license);
            if (next == license.ExpiresAt)
            {
                continue;
            }
            audit.Append(auditType, orderId, "system", new { licenseId = license.Id, from = license.ExpiresAt, to = next, details });
            (license.ExpiresAt, license.UpdatedAt) = (next, now);
            changed.Add(license.Id);
        }
        await db.SaveChangesAsync(cancellationToken);
        snapshot.Changed(db, changed);
    }
}

internal sealed class RenewLicenses(OrderlyDbContext db, IAuditLog audit, ValidationSnapshot snapshot, TimeProvider time) : IMessageHandler<SubscriptionRenewed>
{
    public Task HandleAsync(SubscriptionRenewed message, MessageContext context, CancellationToken cancellationToken) =>
        SubscriptionTerms.ApplyAsync(db, audit, snapshot, time, message.OrderId, "LicenseRenewed", new { message.SubscriptionId, message.PaidThrough },
            license => SubscriptionTerms.Renewed(license.ExpiresAt, message.PaidThrough, license.GraceWindow), cancellationToken);
}
