using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;
using Orderly.StoreCredit.Contracts;

namespace Orderly.StoreCredit;

/// <summary>
/// The store-credit ledger's reads and writes, in the caller's unit of work. Double entry: every
/// change is a <see cref="CreditEntry"/> whose two postings sum to zero (the buyer's wallet against
/// a counter-account), and the balance is the sum of the wallet postings — derived, never stored.
/// </summary>
internal sealed class CreditLedger(OrderlyDbContext db, TimeProvider time) : IStoreCredit
{
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>The counter-account each kind of entry posts against.</summary>
    public static CreditSide CounterSide(CreditEntryKind kind) => kind switch
    {
        CreditEntryKind.TopUp => CreditSide.Granted,
        CreditEntryKind.Debit => CreditSide.Sales,
        CreditEntryKind.Refund => CreditSide.Refunds,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Whether a balance pays an amount: credit never goes below zero.</summary>
    public static bool Covers(long balance, long amount) => amount >= 0 && balance >= amount;

    /// <summary>
    /// Locks the buyer's wallet in this currency until commit (a guarded UPDATE: a row lock on
    /// PostgreSQL; the write gate serializes SQLite) and returns its id; null when it does not exist.
    /// Read the balance after it, so two orders cannot spend the same credit.
    /// </summary>
    public async Task<Guid?> LockAsync(string email, string currency, CancellationToken cancellationToken)
    {
        var normalized = Normalize(email);
        var locked = await db.Set<CreditAccount>().Where(a => a.Email == normalized && a.Currency == currency)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Version, a => a.Version + 1), cancellationToken);
        if (locked == 0)
        {
            return null;
        }
        return await db.Set<CreditAccount>().Where(a => a.Email == normalized && a.Currency == currency).Select(a => a.Id).SingleAsync(cancellationToken);
    }

    /// <summary>Locks the wallet, creating it first when the buyer has none (a concurrent creation fails the commit; the caller retries).</summary>
    public async Task<Guid> LockOrOpenAsync(string email, string currency, CancellationToken cancellationToken)
    {
        if (await LockAsync(email, currency, cancellationToken) is { } id)
        {
            return id;
        }
        var account = new CreditAccount { Id = Guid.CreateVersion7(time.GetUtcNow()), Email = Normalize(email), Currency = currency, Version = 1, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Set<CreditAccount>().Add(account);
        await db.SaveChangesAsync(cancellationToken);
        return account.Id;
    }

    public Task<long> BalanceAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Set<CreditPosting>().Where(p => p.AccountId == accountId && p.Side == CreditSide.Wallet).SumAsync(p => p.AmountMinor, cancellationToken);

    /// <summary>Adds one balanced entry to the unit of work: <paramref name="walletDelta"/> on the wallet, its opposite on the counter-account.</summary>
    public CreditEntry Post(Guid accountId, CreditEntryKind kind, long walletDelta, Guid? orderId, string? reason, string? idempotencyKey = null)
    {
        var now = time.GetUtcNow();
        var entry = new CreditEntry { Id = Guid.CreateVersion7(now), AccountId = accountId, Kind = kind, OrderId = orderId, Reason = reason, IdempotencyKey = idempotencyKey, At = now.UtcDateTime };
        db.Set<CreditEntry>().Add(entry);
        db.Set<CreditPosting>().AddRange(
            new CreditPosting { Id = Guid.CreateVersion7(now), EntryId = entry.Id, AccountId = accountId, Side = CreditSide.Wallet, AmountMinor = walletDelta },
            new CreditPosting { Id = Guid.CreateVersion7(now), EntryId = entry.Id, AccountId = accountId, Side = CounterSide(kind), AmountMinor = -walletDelta });
        return entry;
    }

    public async Task<StoreCreditDebit> TryDebitAsync(string email, Money amount, Guid orderId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("IStoreCredit.TryDebitAsync runs inside the caller's write transaction.");
        }
        var accountId = await LockAsync(email, amount.Currency, cancellationToken);
        var balance = accountId is { } id ? await BalanceAsync(id, cancellationToken) : 0;
        if (accountId is null || !Covers(balance, amount.Amount))
        {
            return new StoreCreditDebit.InsufficientFunds(balance, amount.Amount);
        }
        var entry = Post(accountId.Value, CreditEntryKind.Debit, -amount.Amount, orderId, $"order {orderId}");
        return new StoreCreditDebit.Debited(entry.Id, balance - amount.Amount);
    }
}
