using Microsoft.AspNetCore.Identity;

namespace Orderly.Accounts;

/// <summary>
/// A person who signs in: a buyer, or staff (roles in <see cref="Contracts.WebRoles"/>). ASP.NET Core
/// Identity owns the password hash, lockout and tokens. A buyer's user id is the id of their
/// customer record (<see cref="Customer"/>) whenever one exists for the e-mail address, so the
/// library and order history that guest checkouts filled before registration are theirs at once.
/// </summary>
internal sealed class StoreUser : IdentityUser<Guid>
{
    public string? DisplayName { get; set; }
    public DateTime CreatedAt { get; set; }
}
