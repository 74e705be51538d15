using Orderly.Hosting;

namespace Orderly.StoreCredit.Contracts;

/// <summary>What <see cref="IStoreCredit.TryDebitAsync"/> decided.</summary>
public abstract record StoreCreditDebit
{
    /// <summary>The debit is in the caller's unit of work; <paramref name="EntryId"/> names it (the payment's reference).</summary>
    public sealed record Debited(Guid EntryId, long BalanceAfter) : StoreCreditDebit;

    /// <summary>The balance does not cover the amount; nothing was written.</summary>
    public sealed record InsufficientFunds(long Balance, long Required) : StoreCreditDebit;
}

/// <summary>
/// A buyer's store credit (per e-mail address and currency), as checkout uses it: inside the
/// caller's write transaction, lock the buyer's wallet, check the balance and debit it for an order.
/// Nothing commits here.
/// </summary>
public interface IStoreCredit
{
    Task<StoreCreditDebit> TryDebitAsync(string email, Money amount, Guid orderId, CancellationToken cancellationToken);
}
