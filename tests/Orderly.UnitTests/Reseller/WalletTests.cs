using Orderly.Reseller;

namespace Orderly.UnitTests.Reseller;

public sealed class WalletTests
{
    private static Guid NewId() => Guid.NewGuid();

    private static List<LedgerPosting> Entry(Guid merchantId, LedgerEntryKind kind, long walletDelta) =>
        Wallet.Postings(new LedgerTransaction { Id = NewId(), MerchantId = merchantId, Kind = kind }, walletDelta, NewId).ToList();

    [Fact]
    public void Every_entry_posts_against_its_counter_account_and_sums_to_zero()
    {
        var merchant = NewId();
        foreach (var (kind, counter) in new[] { (LedgerEntryKind.TopUp, LedgerAccount.Funding), (LedgerEntryKind.Debit, LedgerAccount.Sales), (LedgerEntryKind.Refund, LedgerAccount.Sales), (LedgerEntryKind.Adjustment, LedgerAccount.Adjustments) })
        {
            var postings = Entry(merchant, kind, kind == LedgerEntryKind.Debit ? -1234 : 1234);
            Assert.Equal(0, postings.Sum(p => p.AmountMinor));
            Assert.Equal([LedgerAccount.Wallet, counter], postings.Select(p => p.Account));
            Assert.Single(postings.Select(p => p.TransactionId).Distinct());
        }
    }

    [Fact]
    public void The_balance_is_the_sum_of_the_wallet_postings_and_reconciles_to_the_cent()
    {
        var merchant = NewId();
        var postings = new[]
        {
            Entry(merchant, LedgerEntryKind.TopUp, 100_000),
            Entry(merchant, LedgerEntryKind.Debit, -12_999),
            Entry(merchant, LedgerEntryKind.Debit, -1),
            Entry(merchant, LedgerEntryKind.Refund, 12_999),
            Entry(merchant, LedgerEntryKind.Adjustment, -500),
        }.SelectMany(e => e).ToList();

        Assert.Equal(99_499, Wallet.Balance(postings));
        Assert.Equal(0, postings.Sum(p => p.AmountMinor));
        Assert.Equal(-100_000, postings.Where(p => p.Account == LedgerAccount.Funding).Sum(p => p.AmountMinor));
    }

    [Theory]
    [InlineData(1000, 1000, true)]
    [InlineData(999, 1000, false)]
    [InlineData(0, 0, true)]
    [InlineData(1000, -1, false)]
    public void A_debit_is_covered_only_when_the_balance_holds_all_of_it(long balance, long debit, bool covered) =>
        Assert.Equal(covered, Wallet.Covers(balance, debit));

    [Theory]
    [InlineData(2500, 3000, 3000, 2500)]
    [InlineData(2500, 5000, 3000, 2500)]
    [InlineData(2500, 1000, 3000, 833)]
    [InlineData(1, 1, 3, 0)]
    public void A_refund_credits_the_debited_euros_in_the_refunded_proportion_rounded_down(long debited, long refunded, long total, long credit) =>
        Assert.Equal(credit, Wallet.RefundCredit(debited, refunded, total));
}
