using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Accounts.Contracts;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary>
/// The sign-in cookie's check on every request. A staff member's cookie (it carries a staff role)
/// is checked against the account's security stamp on each request, so a role change, a removal or
/// a lock (each of which changes the stamp) ends that session at once instead of at Identity's
/// 30-minute re-validation. The check is one primary-key read of one column; buyers, the bulk of
/// the traffic, keep Identity's interval (their access does not depend on roles).
/// </summary>
internal static class StaffSessions
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is { } principal && WebRoles.All.Any(principal.IsInRole))
        {
            var services = context.HttpContext.RequestServices;
            var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
            var stamp = principal.FindFirstValue(claims.SecurityStampClaimType);
            var current = Guid.TryParse(principal.FindFirstValue(claims.UserIdClaimType), out var userId)
                ? await services.GetRequiredService<OrderlyDbContext>().Set<StoreUser>().AsNoTracking()
                    .Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted)
                : null;
            if (stamp is null || current != stamp)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
