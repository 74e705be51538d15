using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary>
/// The merchant's EUR wallet as a double-entry ledger: every change is a <see cref="LedgerTransaction"/>
/// whose postings sum to zero (the wallet against a counter-account), and the balance is the sum of
/// the wallet postings — derived, never stored. Amounts are EUR cents.
/// </summary>
internal static class Wallet
{
    /// <summary>The counter-account each kind of entry posts against.</summary>
    public static LedgerAccount CounterAccount(LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.TopUp => LedgerAccount.Funding,
        LedgerEntryKind.Debit or LedgerEntryKind.Refund => LedgerAccount.Sales,
        LedgerEntryKind.Adjustment => LedgerAccount.Adjustments,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The two postings of one entry: <paramref name="walletDelta"/> on the wallet, its opposite on the counter-account.</summary>
    public static IReadOnlyList<LedgerPosting> Postings(LedgerTransaction transaction, long walletDelta, Func<Guid> newId) =>
    [
        new() { Id = newId(), TransactionId = transaction.Id, MerchantId = transaction.MerchantId, Account = LedgerAccount.Wallet, AmountMinor = walletDelta },
        new() { Id = newId(), TransactionId = transaction.Id, MerchantId = transaction.MerchantId, Account = CounterAccount(transaction.Kind), AmountMinor = -walletDelta },
    ];

    /// <summary>The wallet balance: the sum of the wallet's postings.</summary>
    public static long Balance(IEnumerable<LedgerPosting> postings) => postings.Where(p => p.Account == LedgerAccount.Wallet).Sum(p => p.AmountMinor);

    /// <summary>Whether the balance covers a debit. A debit never takes the wallet below zero.</summary>
    public static bool Covers(long balanceMinor, long debitMinor) => debitMinor >= 0 && balanceMinor >= debitMinor;

    /// <summary>
    /// What a refund of <paramref name="refundedAmount"/> out of <paramref name="orderTotal"/> (order
    /// currency) gives back to the wallet: the debited EUR in the same proportion, rounded down, so
    /// refunds of parts never credit more than was debited in all.
    /// </summary>
    public static long RefundCredit(long debitedMinor, long refundedAmount, long orderTotal) =>
        orderTotal <= 0 || refundedAmount >= orderTotal ? debitedMinor : (long)((decimal)debitedMinor * refundedAmount / orderTotal);
}

/// <summary>The ledger's reads and writes, in the caller's unit of work.</summary>
internal sealed class WalletBook(OrderlyDbContext db, TimeProvider time)
{
    /// <summary>
    /// Locks the merchant's wallet until commit: a guarded UPDATE of the merchant row (a row lock on
    /// PostgreSQL; the write gate already serializes SQLite). Read the balance after it, so two
    /// orders cannot both spend the same money. False when the merchant does not exist.
    /// </summary>
    public async Task<bool> LockAsync(Guid merchantId, CancellationToken cancellationToken) =>
        await db.Set<Merchant>().Where(m => m.Id == merchantId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.WalletVersion, m => m.WalletVersion + 1), cancellationToken) == 1;

    public Task<long> BalanceAsync(Guid merchantId, CancellationToken cancellationToken) =>
        db.Set<LedgerPosting>().Where(p => p.MerchantId == merchantId && p.Account == LedgerAccount.Wallet).SumAsync(p => p.AmountMinor, cancellationToken);

    /// <summary>Adds one balanced entry to the unit of work and returns it.</summary>
    public LedgerTransaction Post(Guid merchantId, LedgerEntryKind kind, long walletDelta, Guid? referenceId, string? memo)
    {
        var now = time.GetUtcNow();
        var transaction = new LedgerTransaction { Id = Guid.CreateVersion7(now), MerchantId = merchantId, Kind = kind, ReferenceId = referenceId, Memo = memo, At = now.UtcDateTime };
        db.Set<LedgerTransaction>().Add(transaction);
        db.Set<LedgerPosting>().AddRange(Wallet.Postings(transaction, walletDelta, () => Guid.CreateVersion7(now)));
        return transaction;
    }
}
