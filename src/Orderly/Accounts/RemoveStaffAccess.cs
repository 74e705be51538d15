namespace Orderly.Accounts;

/// <summary>Takes every staff role from a person; their account stays (a buyer may still sign in and see their library).</summary>
internal static class RemoveStaffAccess
{
    internal sealed class Handler(StaffAccess access)
    {
        public async Task<StaffChange> HandleAsync(Guid userId, Guid actorId, string actor, CancellationToken ct)
        {
            if (StaffAccess.GuardSelf(userId, actorId, "remove staff access from") is { } refused)
            {
                return refused;
            }
            if (await access.FindAsync(userId) is not { } user)
            {
                return new StaffChange.NotFound();
            }
            var result = await access.RemoveStaffRolesAsync(user);
            if (result.Succeeded)
            {
                result = await access.Users.UpdateSecurityStampAsync(user);
            }
            return result.Succeeded ? await access.RecordAsync("StaffAccessRemoved", user, actor, null, ct) : StaffAccess.Failed(result);
        }
    }
}
