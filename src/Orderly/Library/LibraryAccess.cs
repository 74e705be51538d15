using Microsoft.AspNetCore.Http.HttpResults;
using Orderly.Hosting;

namespace Orderly.Library;

/// <summary>
/// The buyer proves who they are with the signed library token from their e-mail
/// (<c>?token=</c>, or the <c>X-Library-Token</c> header). Sign-in comes with the web front.
/// </summary>
internal static class LibraryAccess
{
    public static Guid? Customer(HttpRequest request, UrlSigner signer) => Contracts.LibraryToken.Customer(request, signer);

    public static ProblemHttpResult Denied() =>
        Problems.Create(StatusCodes.Status401Unauthorized, "library.invalid_token", "Library link invalid or expired.", "Use the link from your latest order e-mail, or ask for it to be resent.");
}
