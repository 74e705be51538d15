using Microsoft.AspNetCore.Identity;
using Orderly.Accounts.Contracts;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary>
/// "Resend the confirmation e-mail" and "I forgot my password": queues the e-mail when the address
/// has an account (and, for a confirmation, is not confirmed yet). The caller always answers the
/// same way, so the forms never tell who has an account.
/// </summary>
internal static class RequestAccountEmail
{
    internal sealed class Handler(OrderlyDbContext db, UserManager<StoreUser> users, IOutbox outbox, TimeProvider time)
    {
        public async Task HandleAsync(string email, string kind, CancellationToken ct)
        {
            var user = await users.FindByEmailAsync(email.Trim());
            if (user?.Email is null || (kind == AccountEmailKinds.ConfirmEmail && user.EmailConfirmed))
            {
                return;
            }
            outbox.Enqueue(new AccountEmailRequested(user.Id, user.Email, kind, time.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(ct);
        }
    }
}
