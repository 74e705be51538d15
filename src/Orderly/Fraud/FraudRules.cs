using System.Globalization;

namespace Orderly.Fraud;

/// <summary>What the rules look at, gathered from the order's signals and the payment.</summary>
/// <param name="OrdersByEmail">Orders from the same e-mail address in the velocity window, this one included.</param>
/// <param name="OrdersByIp">Orders from the same client address in the window, this one included (0 when unknown).</param>
/// <param name="OrdersByCard">Payments with the same card in the window, this one included (0 when unknown).</param>
internal sealed record FraudFacts(
    string Email,
    int OrdersByEmail,
    int OrdersByIp,
    int OrdersByCard,
    long Amount,
    string Currency,
    string? IpCountry,
    string? BillingCountry,
    string? CardCountry,
    string? ProviderRiskLevel,
    int? ProviderRiskScore);

/// <summary>One rule that fired: a stable code, the points it added and why, for a person to read.</summary>
internal sealed record FraudReason(string Rule, int Points, string Text)
{
    public override string ToString() => $"{Text} (+{Points})";
}

/// <summary>
/// The explainable scoring: each rule adds its configured points with a reason. Pure, so every rule
/// is tested without a database; the verdict is the sum against <see cref="FraudOptions.HoldThreshold"/>.
/// </summary>
internal static class FraudRules
{
    public static IReadOnlyList<FraudReason> Evaluate(FraudFacts facts, FraudOptions options, DisposableDomains disposable)
    {
        var weights = options.Weights;
        var window = FormatWindow(options.VelocityWindow);
        var reasons = new List<FraudReason>();
        if (facts.OrdersByEmail > options.MaxOrdersPerEmail)
        {
            reasons.Add(new("email_velocity", weights.EmailVelocity, $"{facts.OrdersByEmail} orders from this e-mail address in {window} (limit {options.MaxOrdersPerEmail})"));
        }
        if (facts.OrdersByIp > options.MaxOrdersPerIp)
        {
            reasons.Add(new("ip_velocity", weights.IpVelocity, $"{facts.OrdersByIp} orders from this IP address in {window} (limit {options.MaxOrdersPerIp})"));
        }
        if (facts.OrdersByCard > options.MaxOrdersPerCard)
        {
            reasons.Add(new("card_velocity", weights.CardVelocity, $"{facts.OrdersByCard} payments with this card in {window} (limit {options.MaxOrdersPerCard})"));
        }
        if (options.AmountThresholds.TryGetValue(facts.Currency, out var threshold) && facts.Amount > threshold)
        {
            reasons.Add(new("high_amount", weights.HighAmount, $"amount {Money(facts.Amount)} {facts.Currency.ToUpperInvariant()} above {Money(threshold)}"));
        }
        if (CountryMismatch(facts) is { } mismatch)
        {
            reasons.Add(new("country_mismatch", weights.CountryMismatch, $"countries disagree: {mismatch}"));
        }
        if (disposable.Contains(Domain(facts.Email), options.DisposableDomains))
        {
            reasons.Add(new("disposable_email", weights.DisposableEmail, $"disposable e-mail domain {Domain(facts.Email)}"));
        }
        if (ProviderRisk(facts, options) is { } provider)
        {
            reasons.Add(provider);
        }
        return reasons.Where(r => r.Points > 0).ToList();
    }

    public static string Domain(string email)
    {
        var at = email.LastIndexOf('@');
        return (at < 0 ? "" : email[(at + 1)..]).Trim().TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>"IP DE, billing DE, card NG" when the known countries are not all the same; null otherwise.</summary>
    private static string? CountryMismatch(FraudFacts facts)
    {
        var known = new[] { ("IP", facts.IpCountry), ("billing", facts.BillingCountry), ("card", facts.CardCountry) }
            .Where(c => !string.IsNullOrWhiteSpace(c.Item2))
            .Select(c => (Source: c.Item1, Country: c.Item2!.Trim().ToUpperInvariant()))
            .ToList();
        return known.Select(c => c.Country).Distinct().Count() > 1 ? string.Join(", ", known.Select(c => $"{c.Source} {c.Country}")) : null;
    }

    private static FraudReason? ProviderRisk(FraudFacts facts, FraudOptions options)
    {
        var level = facts.ProviderRiskLevel?.Trim().ToLowerInvariant();
        var score = facts.ProviderRiskScore is { } s ? $" (score {s})" : "";
        return level switch
        {
            "highest" => new("provider_risk", options.Weights.ProviderHighest, $"payment provider rates the risk highest{score}"),
            "elevated" => new("provider_risk", options.Weights.ProviderElevated, $"payment provider rates the risk elevated{score}"),
            _ when facts.ProviderRiskScore >= options.ProviderRiskScoreThreshold =>
                new("provider_risk", options.Weights.ProviderElevated, $"payment provider risk score {facts.ProviderRiskScore} (threshold {options.ProviderRiskScoreThreshold})"),
            _ => null,
        };
    }

    private static string Money(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string FormatWindow(TimeSpan window) =>
        window.TotalHours >= 1 && window.TotalHours == Math.Floor(window.TotalHours) ? $"{window.TotalHours:0} h" : $"{window.TotalMinutes:0} min";
}
