using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Orderly.Accounts.Contracts;
using Orderly.Audit.Contracts;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary>
/// Adds a merchant's user: the <see cref="WebRoles.Merchant"/> role plus a claim naming the merchant,
/// both stored by Identity with the user, so the sign-in cookie carries the merchant id and the
/// dashboard never takes it from the URL. Used by <c>orderly users add --role merchant</c> and the
/// admin merchants page.
/// </summary>
internal sealed class AddMerchantUser(UserManager<StoreUser> users, RoleManager<IdentityRole<Guid>> roles, TimeProvider time, IAuditLog audit, OrderlyDbContext db) : IMerchantUsers
{
    public async Task<MerchantUserOutcome> AddAsync(string email, string password, Guid merchantId, string? actor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.FindByEmailAsync(email);
        if (user is not null)
        {
            var held = await users.GetRolesAsync(user);
            if (held.Any(WebRoles.All.Contains))
            {
                return new MerchantUserOutcome.Refused([$"{email} is a staff account; use another e-mail address for the merchant."]);
            }
            var claims = await users.GetClaimsAsync(user);
            if (claims.FirstOrDefault(c => c.Type == MerchantClaims.MerchantId) is { } other && other.Value != merchantId.ToString())
            {
                return new MerchantUserOutcome.Refused([$"{email} already belongs to another merchant."]);
            }
        }
        var (account, created, errors) = await ConfirmedUsers.UpsertAsync(users, time, email, password);
        if (account is null)
        {
            return new MerchantUserOutcome.Refused(errors);
        }
        user = account;
        await ConfirmedUsers.EnsureRoleAsync(users, roles, time, user, WebRoles.Merchant);
        if (!(await users.GetClaimsAsync(user)).Any(c => c.Type == MerchantClaims.MerchantId))
        {
            ConfirmedUsers.Check(await users.AddClaimAsync(user, new Claim(MerchantClaims.MerchantId, merchantId.ToString())));
        }
        audit.Append("MerchantUserAdded", null, actor ?? "cli", new { userId = user.Id, merchantId, created });
        await db.SaveChangesAsync(cancellationToken);
        return new MerchantUserOutcome.Added(user.Id, created);
    }

    public async Task<IReadOnlyList<MerchantUser>> ListAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (await users.GetUsersForClaimAsync(new Claim(MerchantClaims.MerchantId, merchantId.ToString())))
            .Select(u => new MerchantUser(u.Id, u.Email ?? u.UserName ?? ""))
            .OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
