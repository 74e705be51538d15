using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

public sealed record WalletView(Guid MerchantId, long BalanceMinor, bool Balanced, IReadOnlyList<WalletEntryView> Entries);

public sealed record WalletEntryView(Guid Id, string Kind, long AmountMinor, Guid? ReferenceId, string? Memo, DateTime At);

/// <summary>
/// <c>GET /api/admin/reseller/merchants/{id}/wallet</c>: the derived balance, whether every entry's
/// postings sum to zero (the reconciliation), and the latest entries (newest first, at most 200).
/// </summary>
internal static class ShowWallet
{
    public static async Task<Results<Ok<WalletView>, ProblemHttpResult>> EndpointAsync(Guid id, OrderlyDbContext db, CancellationToken ct)
    {
        if (!await db.Set<Merchant>().AnyAsync(m => m.Id == id, ct))
        {
            return Problems.NotFound(ResellerErrors.MerchantNotFound, $"Merchant {id} does not exist.");
        }
        var postings = await db.Set<LedgerPosting>().AsNoTracking().Where(p => p.MerchantId == id).ToListAsync(ct);
        var transactions = await db.Set<LedgerTransaction>().AsNoTracking().Where(t => t.MerchantId == id)
            .OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Take(200).ToListAsync(ct);
        var walletDelta = postings.Where(p => p.Account == LedgerAccount.Wallet).ToDictionary(p => p.TransactionId, p => p.AmountMinor);
        var balanced = postings.GroupBy(p => p.TransactionId).All(g => g.Sum(p => p.AmountMinor) == 0);
        var entries = transactions.Select(t => new WalletEntryView(t.Id, KindName(t.Kind), walletDelta.GetValueOrDefault(t.Id), t.ReferenceId, t.Memo, t.At)).ToList();
        return TypedResults.Ok(new WalletView(id, Wallet.Balance(postings), balanced, entries));
    }

    public static string KindName(LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.TopUp => "top_up",
        LedgerEntryKind.Debit => "debit",
        LedgerEntryKind.Refund => "refund",
        _ => "adjustment",
    };
}
