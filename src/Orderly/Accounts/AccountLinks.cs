using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Orderly.Accounts.Contracts;
using Orderly.Hosting;

namespace Orderly.Accounts;

/// <summary>
/// Makes the confirmation and reset links of account e-mails. Identity's tokens are bound to the
/// user's security stamp, so a password change or reset makes every earlier reset link useless.
/// </summary>
internal sealed class AccountLinks(UserManager<StoreUser> users, IOptions<OrderlyOptions> orderly) : IAccountLinks
{
    public async Task<string?> CreateAsync(Guid userId, string kind, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return null;
        }
        var baseUrl = orderly.Value.PublicBaseUrl.TrimEnd('/');
        switch (kind)
        {
            case AccountEmailKinds.ConfirmEmail when !user.EmailConfirmed:
                return $"{baseUrl}/account/confirm?userId={user.Id}&code={Encode(await users.GenerateEmailConfirmationTokenAsync(user))}";
            case AccountEmailKinds.ResetPassword:
                return $"{baseUrl}/account/reset-password?userId={user.Id}&code={Encode(await users.GeneratePasswordResetTokenAsync(user))}";
            default:
                return null;
        }
    }

    /// <summary>Identity's tokens hold '+' and '/': base64url keeps them intact in a query string.</summary>
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
