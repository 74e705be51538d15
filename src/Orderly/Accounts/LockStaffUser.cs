namespace Orderly.Accounts;

/// <summary>Locks a staff member out of signing in (until unlocked), or lets them in again (also clears failed attempts).</summary>
internal static class LockStaffUser
{
    internal sealed class Handler(StaffAccess access)
    {
        public async Task<StaffChange> HandleAsync(Guid userId, bool locked, Guid actorId, string actor, CancellationToken ct)
        {
            if (locked && StaffAccess.GuardSelf(userId, actorId, "lock") is { } refused)
            {
                return refused;
            }
            if (await access.FindAsync(userId) is not { } user)
            {
                return new StaffChange.NotFound();
            }
            var users = access.Users;
            // Lockout must be enabled on the account for LockoutEnd to count at sign-in.
            var result = await users.SetLockoutEnabledAsync(user, true);
            if (result.Succeeded)
            {
                result = await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
            }
            if (result.Succeeded && !locked)
            {
                result = await users.ResetAccessFailedCountAsync(user);
            }
            if (result.Succeeded && locked)
            {
                // Ends their open sessions at their next request (StaffSessions checks a staff cookie's stamp every time).
                result = await users.UpdateSecurityStampAsync(user);
            }
            return result.Succeeded
                ? await access.RecordAsync(locked ? "StaffUserLocked" : "StaffUserUnlocked", user, actor, null, ct)
                : StaffAccess.Failed(result);
        }
    }
}
