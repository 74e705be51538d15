using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.StoreCredit;

public sealed record StoreCreditView(string Email, IReadOnlyList<StoreCreditBalance> Balances, bool Balanced, IReadOnlyList<StoreCreditEntryView> Entries);

public sealed record StoreCreditBalance(string Currency, long Amount);

public sealed record StoreCreditEntryView(Guid Id, string Kind, long Amount, string Currency, Guid? OrderId, string? Reason, DateTime At);

/// <summary>
/// <c>GET /api/admin/customers/{email}/wallet</c>: the derived balance per currency, whether every
/// entry's postings sum to zero (the reconciliation), and the latest entries (newest first, at most 200).
/// A buyer without credit has an empty wallet, not a 404: checkout treats both alike.
/// </summary>
internal static class ShowStoreCredit
{
    public static async Task<Ok<StoreCreditView>> EndpointAsync(string email, OrderlyDbContext db, CancellationToken ct)
    {
        var normalized = CreditLedger.Normalize(email);
        var accounts = await db.Set<CreditAccount>().AsNoTracking().Where(a => a.Email == normalized).ToDictionaryAsync(a => a.Id, a => a.Currency, ct);
        var ids = accounts.Keys.ToList();
        var postings = await db.Set<CreditPosting>().AsNoTracking().Where(p => ids.Contains(p.AccountId)).ToListAsync(ct);
        var entries = await db.Set<CreditEntry>().AsNoTracking().Where(e => ids.Contains(e.AccountId))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(200).ToListAsync(ct);
        var walletDelta = postings.Where(p => p.Side == CreditSide.Wallet).ToDictionary(p => p.EntryId, p => p.AmountMinor);
        var balances = postings.Where(p => p.Side == CreditSide.Wallet).GroupBy(p => accounts[p.AccountId])
            .Select(g => new StoreCreditBalance(g.Key, g.Sum(p => p.AmountMinor))).OrderBy(b => b.Currency, StringComparer.Ordinal).ToList();
        var balanced = postings.GroupBy(p => p.EntryId).All(g => g.Sum(p => p.AmountMinor) == 0);
        return TypedResults.Ok(new StoreCreditView(normalized, balances, balanced,
            entries.Select(e => new StoreCreditEntryView(e.Id, KindName(e.Kind), walletDelta.GetValueOrDefault(e.Id), accounts[e.AccountId], e.OrderId, e.Reason, e.At)).ToList()));
    }

    public static string KindName(CreditEntryKind kind) => kind switch
    {
        CreditEntryKind.TopUp => "top_up",
        CreditEntryKind.Debit => "debit",
        _ => "refund",
    };
}
