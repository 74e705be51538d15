using Microsoft.AspNetCore.Identity;
using Orderly.Accounts.Contracts;
using Orderly.Audit.Contracts;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary>What changing a staff member's access came to.</summary>
internal abstract record StaffChange
{
    public sealed record Done(string Email) : StaffChange;
    public sealed record NotFound : StaffChange;
    public sealed record Refused(string Reason) : StaffChange;
}

/// <summary>
/// The pieces the staff-access use cases share: finding the target, the "not your own admin role"
/// guard (so a shop can never lock out its last administrator by accident), and the audit record.
/// </summary>
internal sealed class StaffAccess(UserManager<StoreUser> users, IAuditLog audit, OrderlyDbContext db)
{
    public UserManager<StoreUser> Users => users;

    public Task<StoreUser?> FindAsync(Guid userId) => users.FindByIdAsync(userId.ToString());

    /// <summary>An admin acting on their own account may not give up admin access.</summary>
    public static StaffChange? GuardSelf(Guid userId, Guid actorId, string what) =>
        userId == actorId ? new StaffChange.Refused($"You cannot {what} your own account: ask another administrator.") : null;

    public static StaffChange Failed(IdentityResult result) =>
        new StaffChange.Refused(string.Join(" ", result.Errors.Select(e => e.Description)));

    public async Task<StaffChange> RecordAsync(string type, StoreUser user, string actor, object? data, CancellationToken ct)
    {
        audit.Append(type, null, actor, new { userId = user.Id, email = user.Email, details = data });
        await db.SaveChangesAsync(ct);
        return new StaffChange.Done(user.Email ?? "");
    }

    public async Task<IdentityResult> RemoveStaffRolesAsync(StoreUser user)
    {
        var held = (await users.GetRolesAsync(user)).Where(WebRoles.All.Contains).ToList();
        return held.Count == 0 ? IdentityResult.Success : await users.RemoveFromRolesAsync(user, held);
    }
}
