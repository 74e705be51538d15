using Microsoft.AspNetCore.Identity;
using Orderly.Audit.Contracts;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary>The buyer followed the link of the confirmation e-mail: the address is theirs, sign-in opens.</summary>
internal static class ConfirmEmail
{
    internal sealed class Handler(OrderlyDbContext db, UserManager<StoreUser> users, IAuditLog audit)
    {
        /// <returns>true when the address is (now) confirmed.</returns>
        public async Task<bool> HandleAsync(Guid userId, string? code, CancellationToken ct)
        {
            var token = AccountLinks.Decode(code);
            var user = await users.FindByIdAsync(userId.ToString());
            if (user is null || token is null)
            {
                return false;
            }
            if (user.EmailConfirmed)
            {
                return true;
            }
            await using var transaction = await db.BeginWriteAsync(ct);
            audit.Append("EmailConfirmed", null, "buyer", new { userId });
            if (!(await users.ConfirmEmailAsync(user, token)).Succeeded)
            {
                await transaction.RollbackAsync(ct);
                return false;
            }
            await transaction.CommitAsync(ct);
            return true;
        }
    }
}
