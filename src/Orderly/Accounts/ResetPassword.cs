using Microsoft.AspNetCore.Identity;
using Orderly.Audit.Contracts;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary>
/// A new password from the reset link. Following the link proves the address too, so it is
/// confirmed; a lockout ends (the owner is back). The security stamp changes, which ends the
/// other sign-ins and makes older reset links useless.
/// </summary>
internal static class ResetPassword
{
    public abstract record Outcome
    {
        public sealed record Done : Outcome;
        /// <summary>Unknown user or a used or expired link: the same answer for both.</summary>
        public sealed record LinkInvalid : Outcome;
        public sealed record Refused(IReadOnlyList<string> Errors) : Outcome;
    }

    internal sealed class Handler(OrderlyDbContext db, UserManager<StoreUser> users, IAuditLog audit)
    {
        public async Task<Outcome> HandleAsync(Guid userId, string? code, string password, CancellationToken ct)
        {
            var token = AccountLinks.Decode(code);
            var user = await users.FindByIdAsync(userId.ToString());
            if (user is null || token is null)
            {
                return new Outcome.LinkInvalid();
            }
            await using var transaction = await db.BeginWriteAsync(ct);
            var result = await users.ResetPasswordAsync(user, token, password);
            if (!result.Succeeded)
            {
                await transaction.RollbackAsync(ct);
                return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                    ? new Outcome.LinkInvalid()
                    : new Outcome.Refused(result.Errors.Select(e => e.Description).ToList());
            }
            user.EmailConfirmed = true;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            audit.Append("PasswordReset", null, "buyer", new { userId });
            await users.UpdateAsync(user);
            await transaction.CommitAsync(ct);
            return new Outcome.Done();
        }
    }
}
