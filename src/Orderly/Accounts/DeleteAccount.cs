using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Delivery.Contracts;
using Orderly.Library.Contracts;
using Orderly.Orders.Contracts;
using Orderly.Persistence;
using Orderly.Shipping.Contracts;

namespace Orderly.Accounts;

/// <summary>
/// A buyer deletes their account (GDPR art. 17), confirmed with their password. In one
/// transaction: orders are kept for the books but anonymized (e-mail replaced by a placeholder
/// that routes nowhere, shipping names and addresses blanked), the library entries and download
/// grants (so every signed link they were sent), notifications, addresses and the user are
/// deleted, and the customer record is anonymized. Audited without the address.
/// </summary>
internal static class DeleteAccount
{
    public abstract record Outcome
    {
        public sealed record Deleted(int Orders) : Outcome;
        public sealed record WrongPassword : Outcome;
        public sealed record NotFound : Outcome;
        /// <summary>Staff accounts are removed by an administrator, not from the buyer pages.</summary>
        public sealed record StaffAccount : Outcome;
    }

    /// <summary>A placeholder address under the reserved <c>.invalid</c> domain (RFC 2606): no mail can ever reach it.</summary>
    public static string Placeholder(Guid userId) => $"deleted-{userId:N}@deleted.invalid";

    internal sealed class Handler(OrderlyDbContext db, UserManager<StoreUser> users, IBuyerOrderErasure orders, IShippingAddressErasure shipping,
        ILibraryErasure library, IBuyerNotifications notifications, IAuditLog audit)
    {
        public async Task<Outcome> HandleAsync(Guid userId, string password, CancellationToken ct)
        {
            if (await users.FindByIdAsync(userId.ToString()) is not { Email: not null } user)
            {
                return new Outcome.NotFound();
            }
            if ((await users.GetRolesAsync(user)).Count > 0)
            {
                return new Outcome.StaffAccount();
            }
            if (!await users.CheckPasswordAsync(user, password))
            {
                return new Outcome.WrongPassword();
            }
            var placeholder = Placeholder(userId);
            await using var transaction = await db.BeginWriteAsync(ct);
            var orderIds = await orders.AnonymizeAsync(user.Email, placeholder, ct);
            await shipping.EraseAsync(orderIds, ct);
            var entries = await library.ForgetAsync(userId, ct);
            await notifications.ForgetAsync(userId, ct);
            await db.Set<BuyerAddress>().Where(a => a.UserId == userId).ExecuteDeleteAsync(ct);
            var normalized = Customer.Normalize(user.Email);
            await db.Set<Customer>().Where(c => c.Id == userId || c.Email == normalized)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Email, placeholder), ct);
            audit.Append("AccountDeleted", null, "buyer", new { userId, orders = orderIds.Count, libraryEntries = entries });
            var deleted = await users.DeleteAsync(user);
            if (!deleted.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", deleted.Errors.Select(e => e.Description)));
            }
            await transaction.CommitAsync(ct);
            return new Outcome.Deleted(orderIds.Count);
        }
    }
}
