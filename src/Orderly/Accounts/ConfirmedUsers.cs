using Microsoft.AspNetCore.Identity;

namespace Orderly.Accounts;

/// <summary>
/// What adding staff and adding a merchant's user share: an account that can sign in at once
/// (e-mail taken as confirmed), created or given the new password, and a role that exists.
/// </summary>
internal static class ConfirmedUsers
{
    /// <summary>The user with <paramref name="password"/>, or Identity's refusals (a weak password…).</summary>
    public static async Task<(StoreUser? User, bool Created, IReadOnlyList<string> Errors)> UpsertAsync(UserManager<StoreUser> users, TimeProvider time, string email, string password)
    {
        var user = await users.FindByEmailAsync(email);
        var created = user is null;
        if (user is null)
        {
            user = new StoreUser { Id = Guid.CreateVersion7(time.GetUtcNow()), UserName = email, Email = email, EmailConfirmed = true, CreatedAt = time.GetUtcNow().UtcDateTime };
            if (await users.CreateAsync(user, password) is { Succeeded: false } createFailed)
            {
                return (null, false, createFailed.Errors.Select(e => e.Description).ToList());
            }
        }
        else
        {
            user.EmailConfirmed = true;
            var token = await users.GeneratePasswordResetTokenAsync(user);
            if (await users.ResetPasswordAsync(user, token, password) is { Succeeded: false } resetFailed)
            {
                return (null, false, resetFailed.Errors.Select(e => e.Description).ToList());
            }
        }
        return (user, created, []);
    }

    public static async Task EnsureRoleAsync(UserManager<StoreUser> users, RoleManager<IdentityRole<Guid>> roles, TimeProvider time, StoreUser user, string role)
    {
        if (!await roles.RoleExistsAsync(role))
        {
            Check(await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7(time.GetUtcNow()) }));
        }
        if (!await users.IsInRoleAsync(user, role))
        {
            Check(await users.AddToRoleAsync(user, role));
        }
    }

    public static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
