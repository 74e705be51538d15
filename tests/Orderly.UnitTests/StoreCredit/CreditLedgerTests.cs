using Orderly.StoreCredit;

namespace Orderly.UnitTests.StoreCredit;

public sealed class CreditLedgerTests
{
    [Theory]
    [InlineData(1000, 1000, true)]
    [InlineData(1000, 999, true)]
    [InlineData(999, 1000, false)]
    [InlineData(0, 0, true)]
    [InlineData(1000, -1, false)]
    public void Credit_pays_an_amount_only_when_it_covers_it(long balance, long amount, bool covers) => Assert.Equal(covers, CreditLedger.Covers(balance, amount));

    [Fact]
    public void Each_kind_of_entry_posts_against_its_own_counter_account() =>
        Assert.Equal([CreditSide.Granted, CreditSide.Sales, CreditSide.Refunds],
            new[] { CreditEntryKind.TopUp, CreditEntryKind.Debit, CreditEntryKind.Refund }.Select(CreditLedger.CounterSide));

    [Fact]
    public void A_wallet_is_found_by_the_address_whatever_its_case() => Assert.Equal("ada@example.com", CreditLedger.Normalize(" Ada@Example.COM "));

    [Theory]
    [InlineData(500, "a@example.com", "EUR", "ok")]
    [InlineData(100, "not-an-address", "EUR", "email")]
    [InlineData(100, "a@example.com", "eur", "currency")]
    [InlineData(-5, "a@example.com", "EUR", "amount")]
    public void A_top_up_needs_an_address_a_positive_amount_a_currency_and_a_reason(long amount, string email, string currency, string field)
    {
        var errors = TopUpStoreCredit.Validate(email, new TopUpStoreCreditRequest(amount, currency, "goodwill"));

        Assert.Equal(field == "ok" ? [] : [field], errors.Select(e => e.Field));
    }
}
