using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Orderly.Accounts;

namespace Orderly.Web.Account;

/// <summary><c>POST /account/logout</c> (a form with the antiforgery token): ends the sign-in and goes home.</summary>
internal static class SignOut
{
    public static async Task<IResult> HandleAsync(SignInManager<StoreUser> signIn, [FromForm] string? returnUrl)
    {
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect(WebPage.LocalUrl(returnUrl));
    }
}
