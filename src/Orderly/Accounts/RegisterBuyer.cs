using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Orderly.Accounts.Contracts;
using Orderly.Audit.Contracts;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary>
/// A buyer creates an account. The user id is the id of the customer record for the e-mail
/// address (guest orders placed before registration, and their library, are then theirs), or a
/// new id used for both a new customer record and the user, so <see cref="EnsureAccount"/> finds
/// the same customer for later orders. Sign-in waits for the e-mail address to be confirmed.
/// </summary>
internal static class RegisterBuyer
{
    public abstract record Outcome
    {
        /// <summary>Also the answer for an address that already has an account: the form must not tell.</summary>
        public sealed record CheckInbox : Outcome;
        public sealed record Refused(IReadOnlyList<string> Errors) : Outcome;
    }

    internal sealed class Handler(OrderlyDbContext db, UserManager<StoreUser> users, IOutbox outbox, IAuditLog audit, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(string email, string password, string? name, CancellationToken ct)
        {
            email = email.Trim();
            var existing = await users.FindByEmailAsync(email);
            if (existing is not null)
            {
                if (!existing.EmailConfirmed)
                {
                    // They may have lost the first e-mail: a new one is the helpful answer, and the same one as for a new account.
                    outbox.Enqueue(new AccountEmailRequested(existing.Id, existing.Email!, AccountEmailKinds.ConfirmEmail, time.GetUtcNow().UtcDateTime));
                    await db.SaveChangesAsync(ct);
                }
                return new Outcome.CheckInbox();
            }

            var normalized = Customer.Normalize(email);
            var customer = await db.Set<Customer>().FirstOrDefaultAsync(c => c.Email == normalized, ct);
            var now = time.GetUtcNow();
            var user = new StoreUser
            {
                Id = customer?.Id ?? Guid.CreateVersion7(now),
                UserName = email,
                Email = email,
                DisplayName = string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
                CreatedAt = now.UtcDateTime,
            };
            // Checked before anything is written: CreateAsync saves the whole unit of work.
            var errors = new List<string>();
            foreach (var validator in users.PasswordValidators)
            {
                errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors.Select(e => e.Description));
            }
            if (errors.Count > 0)
            {
                return new Outcome.Refused(errors);
            }

            await using var transaction = await db.BeginWriteAsync(ct);
            if (customer is null)
            {
                db.Set<Customer>().Add(new Customer { Id = user.Id, Email = normalized, CreatedAt = now.UtcDateTime });
            }
            outbox.Enqueue(new AccountEmailRequested(user.Id, email, AccountEmailKinds.ConfirmEmail, now.UtcDateTime));
            audit.Append("BuyerRegistered", null, "buyer", new { userId = user.Id, existingCustomer = customer is not null });
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                await transaction.RollbackAsync(ct);
                return new Outcome.Refused(created.Errors.Select(e => e.Description).ToList());
            }
            await transaction.CommitAsync(ct);
            return new Outcome.CheckInbox();
        }
    }
}
