using System.Globalization;
using System.Security.Claims;
using System.Text;
using Orderly.Accounts.Contracts;
using Orderly.Hosting;
using Orderly.Reseller;

namespace Orderly.Web.Merchant;

/// <summary><c>GET /merchant/wallet.csv</c> (a merchant user): every ledger entry of their own wallet with the running balance, oldest first.</summary>
internal static class WalletCsv
{
    public static async Task<IResult> HandleAsync(HttpContext http, ShowWallet.Handler wallet, TimeProvider time, CancellationToken ct)
    {
        if (!Guid.TryParse(http.User.FindFirstValue(MerchantClaims.MerchantId), out var merchantId) || await wallet.HandleAsync(merchantId, null, ct) is not { } view)
        {
            return TypedResults.NotFound();
        }
        var csv = Write(view.Entries.Reverse());
        var date = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"wallet-{date}.csv");
    }

    /// <summary>The header and one line per entry, in the order given.</summary>
    public static string Write(IEnumerable<WalletEntryView> entries) =>
        SpreadsheetCsv.Write([
            ["date_utc", "entry_id", "kind", "amount_eur", "balance_after_eur", "reference_id", "memo"],
            .. entries.Select(e => new[]
            {
                e.At.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), e.Id.ToString("D", CultureInfo.InvariantCulture), e.Kind, Eur(e.AmountMinor), Eur(e.BalanceAfterMinor),
                e.ReferenceId?.ToString("D", CultureInfo.InvariantCulture) ?? "", e.Memo ?? "",
            }),
        ]);

    private static string Eur(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
