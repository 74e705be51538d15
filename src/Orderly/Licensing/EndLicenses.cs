using Orderly.Audit.Contracts;
using Orderly.Messaging;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Licensing;

/// <summary>A subscription ended: its licenses run out after the grace window (see <see cref="SubscriptionTerms"/>).</summary>
internal sealed class EndLicenses(OrderlyDbContext db, IAuditLog audit, ValidationSnapshot snapshot, TimeProvider time) : IMessageHandler<SubscriptionEnded>
{
    public Task HandleAsync(SubscriptionEnded message, MessageContext context, CancellationToken cancellationToken) =>
        SubscriptionTerms.ApplyAsync(db, audit, snapshot, time, message.OrderId, "LicenseSubscriptionEnded", new { message.SubscriptionId, message.At },
            license => SubscriptionTerms.Ended(license.ExpiresAt, message.At, license.GraceWindow), cancellationToken);
}
