using Microsoft.AspNetCore.Identity;
using Orderly.Accounts.Contracts;
using Orderly.Audit.Contracts;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary>
/// Creates a staff member who can sign in at once (e-mail taken as confirmed), or gives an existing
/// user the role and the new password. Used by <c>orderly users add</c> and the web's users page.
/// </summary>
internal sealed class AddStaffUser(UserManager<StoreUser> users, RoleManager<IdentityRole<Guid>> roles, TimeProvider time, IAuditLog audit, OrderlyDbContext db)
{
    public abstract record Outcome
    {
        public sealed record Created(Guid UserId) : Outcome;
        public sealed record Updated(Guid UserId) : Outcome;
        public sealed record Refused(IReadOnlyList<string> Errors) : Outcome;
    }

    /// <param name="actor">The admin adding the person on the users page (audited); null from the command line.</param>
    public async Task<Outcome> HandleAsync(string email, string password, string role, CancellationToken cancellationToken, string? actor = null)
    {
        if (!WebRoles.All.Contains(role))
        {
            return new Outcome.Refused([$"Unknown role '{role}'. Roles: {string.Join(", ", WebRoles.All)}."]);
        }
        cancellationToken.ThrowIfCancellationRequested();
        // A merchant's user never doubles as staff: the dashboard and the admin area stay apart.
        if (await users.FindByEmailAsync(email) is { } existing && await users.IsInRoleAsync(existing, WebRoles.Merchant))
        {
            return new Outcome.Refused([$"{email} is a merchant's account; use another e-mail address for staff."]);
        }
        var (user, created, errors) = await ConfirmedUsers.UpsertAsync(users, time, email, password);
        if (user is null)
        {
            return new Outcome.Refused(errors);
        }
        await ConfirmedUsers.EnsureRoleAsync(users, roles, time, user, role);
        if (actor is not null)
        {
            audit.Append("StaffUserAdded", null, actor, new { userId = user.Id, email, role, created });
            await db.SaveChangesAsync(cancellationToken);
        }
        return created ? new Outcome.Created(user.Id) : new Outcome.Updated(user.Id);
    }
}
