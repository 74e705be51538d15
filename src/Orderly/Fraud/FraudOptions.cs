namespace Orderly.Fraud;

/// <summary>Fraud scoring and review settings, bound to the "Fraud" configuration section.</summary>
public sealed class FraudOptions
{
    public const string Section = "Fraud";

    /// <summary>Screen paid orders. Default true; false clears every order.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>An order whose score reaches this many points is held for review. Default 70.</summary>
    public int HoldThreshold { get; set; } = 70;

    /// <summary>A review left undecided this long gets <see cref="TimeoutOutcome"/>. Default 24 h.</summary>
    public TimeSpan ReviewTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary><c>approve</c> (default) or <c>reject</c> (refund and cancel) for an unattended review.</summary>
    public string TimeoutOutcome { get; set; } = "approve";

    /// <summary>How often the worker looks for timed-out reviews. Default 1 min.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Payment methods never screened: no card and no stranger's money behind them. Default
    /// <c>reseller_wallet</c>, <c>manual</c> (an admin confirmed the money) and <c>test</c>.
    /// </summary>
    public List<string>? ExemptPaymentMethods { get; set; }

    /// <summary>Sliding window of the velocity rules. Default 1 h.</summary>
    public TimeSpan VelocityWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>More orders than this from one e-mail address within the window fire the rule. Default 3.</summary>
    public int MaxOrdersPerEmail { get; set; } = 3;

    /// <summary>More orders than this from one client address within the window fire the rule. Default 3.</summary>
    public int MaxOrdersPerIp { get; set; } = 3;

    /// <summary>More payments than this with one card within the window fire the rule. Default 3.</summary>
    public int MaxOrdersPerCard { get; set; } = 3;

    /// <summary>
    /// Order totals above which the amount rule fires, per currency, in minor units
    /// (e.g. <c>"EUR": 50000</c> is 500.00 EUR). A currency not listed never fires. Default: none.
    /// </summary>
    public Dictionary<string, long> AmountThresholds { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Domains treated as disposable in addition to the shipped list.</summary>
    public List<string> DisposableDomains { get; set; } = [];

    /// <summary>A provider risk score (0–100) at or above this counts as elevated when the level is not told. Default 65.</summary>
    public int ProviderRiskScoreThreshold { get; set; } = 65;

    public FraudWeights Weights { get; set; } = new();

    internal IReadOnlySet<string> Exempt => (ExemptPaymentMethods ?? ["reseller_wallet", "manual", "test"]).ToHashSet(StringComparer.OrdinalIgnoreCase);

    internal bool RejectsOnTimeout => string.Equals(TimeoutOutcome, "reject", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Points each rule adds to the score (<c>Fraud:Weights</c>).</summary>
public sealed class FraudWeights
{
    /// <summary>Default 25.</summary>
    public int EmailVelocity { get; set; } = 25;

    /// <summary>Default 20.</summary>
    public int IpVelocity { get; set; } = 20;

    /// <summary>Default 30.</summary>
    public int CardVelocity { get; set; } = 30;

    /// <summary>Default 30.</summary>
    public int HighAmount { get; set; } = 30;

    /// <summary>IP, billing and card countries disagree. Default 25.</summary>
    public int CountryMismatch { get; set; } = 25;

    /// <summary>Default 40.</summary>
    public int DisposableEmail { get; set; } = 40;

    /// <summary>Provider risk level <c>elevated</c> (or a score at the threshold). Default 40.</summary>
    public int ProviderElevated { get; set; } = 40;

    /// <summary>Provider risk level <c>highest</c>. Default 80.</summary>
    public int ProviderHighest { get; set; } = 80;
}
