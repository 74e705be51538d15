using Orderly.Fraud;

namespace Orderly.UnitTests.Fraud;

public sealed class FraudRulesTests
{
    private static readonly DisposableDomains Shipped = DisposableDomains.Shipped();

    private static FraudFacts Clean(string email = "buyer@example.com") =>
        new(email, OrdersByEmail: 1, OrdersByIp: 1, OrdersByCard: 1, Amount: 1500, Currency: "EUR",
            IpCountry: "DE", BillingCountry: "DE", CardCountry: "DE", ProviderRiskLevel: "normal", ProviderRiskScore: 12);

    private static FraudOptions Options() => new() { AmountThresholds = new(StringComparer.OrdinalIgnoreCase) { ["EUR"] = 50_000 } };

    private static IReadOnlyList<FraudReason> Evaluate(FraudFacts facts, FraudOptions? options = null) =>
        FraudRules.Evaluate(facts, options ?? Options(), Shipped);

    [Fact]
    public void A_clean_order_fires_no_rule()
    {
        Assert.Empty(Evaluate(Clean()));
    }

    [Fact]
    public void More_orders_from_one_email_than_the_limit_add_the_email_velocity_points_with_the_count()
    {
        var reason = Assert.Single(Evaluate(Clean() with { OrdersByEmail = 4 }));
        Assert.Equal(("email_velocity", 25), (reason.Rule, reason.Points));
        Assert.Equal("4 orders from this e-mail address in 1 h (limit 3)", reason.Text);
    }

    [Fact]
    public void Exactly_the_limit_of_orders_does_not_fire_velocity()
    {
        Assert.Empty(Evaluate(Clean() with { OrdersByEmail = 3, OrdersByIp = 3, OrdersByCard = 3 }));
    }

    [Fact]
    public void Ip_and_card_velocity_fire_each_with_their_own_weight()
    {
        var reasons = Evaluate(Clean() with { OrdersByIp = 5, OrdersByCard = 4 });
        Assert.Equal([("ip_velocity", 20), ("card_velocity", 30)], reasons.Select(r => (r.Rule, r.Points)));
    }

    [Fact]
    public void An_amount_above_the_currency_threshold_fires_and_one_at_it_does_not()
    {
        Assert.Empty(Evaluate(Clean() with { Amount = 50_000 }));
        var reason = Assert.Single(Evaluate(Clean() with { Amount = 50_001 }));
        Assert.Equal("amount 500.01 EUR above 500.00", reason.Text);
    }

    [Fact]
    public void A_currency_without_a_threshold_never_fires_the_amount_rule()
    {
        Assert.Empty(Evaluate(Clean() with { Amount = 99_999_999, Currency = "USD" }));
    }

    [Fact]
    public void Disagreeing_countries_name_each_source_and_unknown_ones_are_left_out()
    {
        var reason = Assert.Single(Evaluate(Clean() with { IpCountry = "de", BillingCountry = null, CardCountry = "NG" }));
        Assert.Equal(("country_mismatch", 25), (reason.Rule, reason.Points));
        Assert.Equal("countries disagree: IP DE, card NG", reason.Text);
    }

    [Fact]
    public void One_known_country_alone_is_no_mismatch()
    {
        Assert.Empty(Evaluate(Clean() with { IpCountry = null, BillingCountry = null, CardCountry = "US" }));
    }

    [Theory]
    [InlineData("someone@mailinator.com")]
    [InlineData("someone@MAILINATOR.com")]
    [InlineData("someone@eu.yopmail.com")]
    public void A_disposable_domain_from_the_shipped_list_fires_including_subdomains(string email)
    {
        var reason = Assert.Single(Evaluate(Clean(email)));
        Assert.Equal(("disposable_email", 40), (reason.Rule, reason.Points));
    }

    [Fact]
    public void A_domain_merely_ending_like_a_listed_one_is_not_disposable()
    {
        Assert.Empty(Evaluate(Clean("someone@notmailinator.com")));
    }

    [Fact]
    public void Configured_domains_extend_the_shipped_list()
    {
        var options = Options();
        options.DisposableDomains.Add("burner.example");
        Assert.Empty(Evaluate(Clean("x@burner.example")));
        Assert.Equal("disposable_email", Assert.Single(Evaluate(Clean("x@burner.example"), options)).Rule);
    }

    [Theory]
    [InlineData("elevated", null, 40)]
    [InlineData("highest", 91, 80)]
    [InlineData(null, 70, 40)]
    [InlineData("normal", 65, 40)]
    public void Provider_risk_adds_points_by_level_or_by_score(string? level, int? score, int points)
    {
        var reason = Assert.Single(Evaluate(Clean() with { ProviderRiskLevel = level, ProviderRiskScore = score }));
        Assert.Equal(("provider_risk", points), (reason.Rule, reason.Points));
    }

    [Fact]
    public void A_rule_weighted_zero_is_left_out_of_the_reasons()
    {
        var options = Options();
        options.Weights.DisposableEmail = 0;
        Assert.Empty(Evaluate(Clean("x@mailinator.com"), options));
    }

    [Fact]
    public void Reasons_read_with_their_points_and_add_up_to_the_score()
    {
        var reasons = Evaluate(Clean("x@mailinator.com") with { OrdersByEmail = 4, ProviderRiskLevel = "elevated", ProviderRiskScore = 72 });
        Assert.Equal(105, reasons.Sum(r => r.Points));
        Assert.Equal("payment provider rates the risk elevated (score 72) (+40)", reasons[^1].ToString());
    }

    [Fact]
    public void The_shipped_list_is_embedded_and_not_empty()
    {
        Assert.True(Shipped.Count > 40);
    }
}
