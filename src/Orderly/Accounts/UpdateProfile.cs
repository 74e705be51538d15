using Microsoft.AspNetCore.Identity;
using Orderly.Audit.Contracts;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary>The signed-in person changes their name, or their password (the current one proves it is them).</summary>
internal static class UpdateProfile
{
    public sealed record Profile(Guid Id, string Email, string? Name, DateTime CreatedAt);

    internal sealed class Handler(OrderlyDbContext db, UserManager<StoreUser> users, IAuditLog audit)
    {
        public async Task<Profile?> FindAsync(Guid userId) =>
            await users.FindByIdAsync(userId.ToString()) is { } u ? new Profile(u.Id, u.Email ?? "", u.DisplayName, u.CreatedAt) : null;

        public async Task<bool> RenameAsync(Guid userId, string? name)
        {
            if (await users.FindByIdAsync(userId.ToString()) is not { } user)
            {
                return false;
            }
            user.DisplayName = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
            return (await users.UpdateAsync(user)).Succeeded;
        }

        /// <returns>the errors to show; empty when the password changed.</returns>
        public async Task<IReadOnlyList<string>> ChangePasswordAsync(Guid userId, string current, string next, CancellationToken ct)
        {
            if (await users.FindByIdAsync(userId.ToString()) is not { } user)
            {
                return ["Your account no longer exists."];
            }
            await using var transaction = await db.BeginWriteAsync(ct);
            var result = await users.ChangePasswordAsync(user, current, next);
            if (!result.Succeeded)
            {
                await transaction.RollbackAsync(ct);
                return result.Errors.Select(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "The current password is wrong." : e.Description).ToList();
            }
            audit.Append("PasswordChanged", null, "buyer", new { userId });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return [];
        }
    }
}
