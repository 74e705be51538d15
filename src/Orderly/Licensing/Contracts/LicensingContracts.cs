namespace Orderly.Licensing.Contracts;

/// <summary>Billing period of a license: perpetual, or a subscription that expires unless renewed.</summary>
public enum LicensePlan
{
    Perpetual = 0,
    Monthly = 1,
    Yearly = 2,
}

public enum LicenseStatus
{
    Active = 0,
    Suspended = 1,
    Expired = 2,
    Revoked = 3,
}

/// <summary>Licenses as other modules see them (refunds revoke through here).</summary>
public interface ILicenses
{
    /// <summary>
    /// Revokes the licenses issued for these order lines (a refund, a chargeback). Takes effect at
    /// the client's next validation. Runs in the caller's transaction: the status change is
    /// executed at once, the audit entries are saved by the caller's <c>SaveChangesAsync</c>.
    /// Already revoked licenses are left as they are. Returns how many licenses were revoked.
    /// </summary>
    Task<int> RevokeForOrderLinesAsync(IReadOnlyCollection<Guid> orderLineIds, string reason, CancellationToken cancellationToken);

    /// <summary>As <see cref="RevokeForOrderLinesAsync"/>, for the licenses of individual keys.</summary>
    Task<int> RevokeForKeysAsync(IReadOnlyCollection<Guid> keyIds, string reason, CancellationToken cancellationToken);
}
