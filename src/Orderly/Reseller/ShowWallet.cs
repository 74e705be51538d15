using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

public sealed record WalletView(Guid MerchantId, long BalanceMinor, bool Balanced, IReadOnlyList<WalletEntryView> Entries);

/// <param name="BalanceAfterMinor">The running balance: the wallet right after this entry.</param>
public sealed record WalletEntryView(Guid Id, string Kind, long AmountMinor, Guid? ReferenceId, string? Memo, DateTime At, long BalanceAfterMinor);

/// <summary>
/// <c>GET /api/admin/reseller/merchants/{id}/wallet</c> and the merchant's wallet page: the derived
/// balance, whether every entry's postings sum to zero (the reconciliation), and the entries with
/// their running balance, newest first (the latest 200, or all for the CSV export).
/// </summary>
internal static class ShowWallet
{
    public const int Latest = 200;

    internal sealed class Handler(OrderlyDbContext db)
    {
        /// <returns>Null when the merchant does not exist.</returns>
        public async Task<WalletView?> HandleAsync(Guid merchantId, int? limit, CancellationToken ct)
        {
            if (!await db.Set<Merchant>().AnyAsync(m => m.Id == merchantId, ct))
            {
                return null;
            }
            var postings = await db.Set<LedgerPosting>().AsNoTracking().Where(p => p.MerchantId == merchantId).ToListAsync(ct);
            var transactions = await db.Set<LedgerTransaction>().AsNoTracking().Where(t => t.MerchantId == merchantId).ToListAsync(ct);
            var walletDelta = postings.Where(p => p.Account == LedgerAccount.Wallet).ToDictionary(p => p.TransactionId, p => p.AmountMinor);
            var balanced = postings.GroupBy(p => p.TransactionId).All(g => g.Sum(p => p.AmountMinor) == 0);
            // The running balance needs every entry from the first, so it is summed oldest first over all of them.
            var running = 0L;
            var entries = transactions.OrderBy(t => t.At).ThenBy(t => t.Id)
                .Select(t =>
                {
                    var delta = walletDelta.GetValueOrDefault(t.Id);
                    running += delta;
                    return new WalletEntryView(t.Id, KindName(t.Kind), delta, t.ReferenceId, t.Memo, t.At, running);
                })
                .Reverse().Take(limit ?? int.MaxValue).ToList();
            return new WalletView(merchantId, Wallet.Balance(postings), balanced, entries);
        }
    }

    public static async Task<Results<Ok<WalletView>, ProblemHttpResult>> EndpointAsync(Guid id, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, Latest, ct) is { } wallet
            ? TypedResults.Ok(wallet)
            : Problems.NotFound(ResellerErrors.MerchantNotFound, $"Merchant {id} does not exist.");

    public static string KindName(LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.TopUp => "top_up",
        LedgerEntryKind.Debit => "debit",
        LedgerEntryKind.Refund => "refund",
        _ => "adjustment",
    };
}
