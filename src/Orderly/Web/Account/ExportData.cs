using Orderly.Accounts;

namespace Orderly.Web.Account;

/// <summary><c>GET /account/export</c> (signed in): the buyer's data as a JSON file download.</summary>
internal static class ExportData
{
    public static async Task<IResult> HandleAsync(HttpContext http, ExportAccountData.Handler export, TimeProvider time, CancellationToken ct)
    {
        if (BuyerPage.UserId(http.User) is not { } userId || await export.HandleAsync(userId, ct) is not { } json)
        {
            return TypedResults.NotFound();
        }
        var date = time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(json, "application/json", $"my-orderly-data-{date}.json");
    }
}
