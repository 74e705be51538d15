using Microsoft.AspNetCore.Identity;
using Orderly.Accounts.Contracts;

namespace Orderly.Accounts;

/// <summary>Gives a staff member exactly one role (admin, manager or support) in place of what they held.</summary>
internal static class ChangeStaffRole
{
    internal sealed class Handler(StaffAccess access, RoleManager<IdentityRole<Guid>> roles, TimeProvider time)
    {
        public async Task<StaffChange> HandleAsync(Guid userId, string role, Guid actorId, string actor, CancellationToken ct)
        {
            if (!WebRoles.All.Contains(role))
            {
                return new StaffChange.Refused($"Unknown role '{role}'.");
            }
            if (role != WebRoles.Admin && StaffAccess.GuardSelf(userId, actorId, "remove the admin role from") is { } refused)
            {
                return refused;
            }
            if (await access.FindAsync(userId) is not { } user)
            {
                return new StaffChange.NotFound();
            }
            // Roles are created when first given (AddStaffUser), so a role nobody held yet may be missing.
            if (!await roles.RoleExistsAsync(role)
                && await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7(time.GetUtcNow()) }) is { Succeeded: false } createFailed)
            {
                return StaffAccess.Failed(createFailed);
            }
            if (await access.RemoveStaffRolesAsync(user) is { Succeeded: false } removeFailed)
            {
                return StaffAccess.Failed(removeFailed);
            }
            if (await access.Users.AddToRoleAsync(user, role) is { Succeeded: false } addFailed)
            {
                return StaffAccess.Failed(addFailed);
            }
            // Their sign-in cookie still carries the old role: a new stamp ends it at their next request (StaffSessions).
            if (await access.Users.UpdateSecurityStampAsync(user) is { Succeeded: false } stampFailed)
            {
                return StaffAccess.Failed(stampFailed);
            }
            return await access.RecordAsync("StaffRoleChanged", user, actor, new { role }, ct);
        }
    }
}
