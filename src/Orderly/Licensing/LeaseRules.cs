using Orderly.Licensing.Contracts;

namespace Orderly.Licensing;

/// <summary>
/// When a license may get a lease, and what the lease's times are. Pure: the clock is an argument.
/// </summary>
internal static class LeaseRules
{
    public abstract record Decision
    {
        /// <param name="ExpiresAt">The JWT <c>exp</c>: the lease is valid until then.</param>
        /// <param name="RevalidateAt">When the client should ask for a new lease.</param>
        /// <param name="GraceUntil">
        /// How long the client may keep running on this lease when it cannot reach the server.
        /// Never past the license's own expiry: grace covers an outage of the server, not an unpaid period.
        /// </param>
        public sealed record Granted(DateTime IssuedAt, DateTime ExpiresAt, DateTime RevalidateAt, DateTime GraceUntil) : Decision;

        public sealed record Denied(LicenseStatus Status) : Decision;
    }

    /// <summary>The status as of <paramref name="now"/>: an active license past its period has expired, whether or not a sweep marked it.</summary>
    public static LicenseStatus EffectiveStatus(LicenseStatus stored, DateTime? expiresAt, DateTime now) =>
        stored == LicenseStatus.Active && expiresAt <= now ? LicenseStatus.Expired : stored;

    public static Decision Decide(LicenseStatus stored, DateTime? licenseExpiresAt, LeaseTerms terms, DateTime now)
    {
        var status = EffectiveStatus(stored, licenseExpiresAt, now);
        if (status != LicenseStatus.Active)
        {
            return new Decision.Denied(status);
        }
        var expires = Min(now + terms.LeaseLifetime, licenseExpiresAt);
        var revalidate = Min(now + terms.RevalidationInterval, expires);
        var grace = Min(expires + terms.GraceWindow, licenseExpiresAt);
        return new Decision.Granted(now, expires, revalidate, grace);
    }

    /// <summary>The end of the first paid period of a plan that starts at <paramref name="start"/>; null for perpetual.</summary>
    public static DateTime? PeriodEnd(LicensePlan plan, DateTime start) => plan switch
    {
        LicensePlan.Monthly => start.AddMonths(1),
        LicensePlan.Yearly => start.AddYears(1),
        _ => null,
    };

    private static DateTime Min(DateTime value, DateTime? cap) => cap is { } c && c < value ? c : value;
}
