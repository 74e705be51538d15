using Microsoft.AspNetCore.Identity;
using Orderly.Accounts.Contracts;

namespace Orderly.Accounts;

/// <summary>Everyone who holds a staff role, with their roles and whether they are locked out.</summary>
internal static class ListStaffUsers
{
    /// <param name="LockedUntil">Set while sign-in is refused (an admin's lock or too many failed passwords).</param>
    public sealed record StaffUser(Guid Id, string Email, IReadOnlyList<string> Roles, DateTimeOffset? LockedUntil);

    internal sealed class Handler(UserManager<StoreUser> users, TimeProvider time)
    {
        public async Task<IReadOnlyList<StaffUser>> HandleAsync(CancellationToken ct)
        {
            var now = time.GetUtcNow();
            var byId = new Dictionary<Guid, (StoreUser User, List<string> Roles)>();
            foreach (var role in WebRoles.All)
            {
                ct.ThrowIfCancellationRequested();
                foreach (var user in await users.GetUsersInRoleAsync(role))
                {
                    if (!byId.TryGetValue(user.Id, out var entry))
                    {
                        byId[user.Id] = entry = (user, []);
                    }
                    entry.Roles.Add(role);
                }
            }
            return byId.Values
                .Select(e => new StaffUser(e.User.Id, e.User.Email ?? e.User.UserName ?? "", e.Roles, e.User.LockoutEnd > now ? e.User.LockoutEnd : null))
                .OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }
    }
}
