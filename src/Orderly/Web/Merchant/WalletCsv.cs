using System.Globalization;
using System.Security.Claims;
using System.Text;
using Orderly.Accounts.Contracts;
using Orderly.Reseller;
using Orderly.Web.Admin.Reports;

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
        var csv = new StringBuilder("date_utc,entry_id,kind,amount_eur,balance_after_eur,reference_id,memo\r\n");
        foreach (var entry in view.Entries.Reverse())
        {
            csv.Append(CultureInfo.InvariantCulture, $"{entry.At:yyyy-MM-ddTHH:mm:ssZ},{entry.Id},{entry.Kind},{Eur(entry.AmountMinor)},{Eur(entry.BalanceAfterMinor)},{entry.ReferenceId},{ReportCsvWriter.Field(entry.Memo ?? "", text: true)}\r\n");
        }
        var date = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"wallet-{date}.csv");
    }

    private static string Eur(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
