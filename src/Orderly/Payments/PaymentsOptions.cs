namespace Orderly.Payments;

/// <summary>Bound to the "Payments" section.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    public StripeOptions Stripe { get; set; } = new();

    /// <summary>Largest webhook body accepted, in bytes. Default 1 MB.</summary>
    public long MaxWebhookBytes { get; set; } = 1024 * 1024;
}

public sealed class StripeOptions
{
    /// <summary>The endpoint's signing secret (<c>whsec_...</c>) from the Stripe dashboard.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Secrets still accepted while a rolled secret expires (Stripe signs with both meanwhile).</summary>
    public List<string> PreviousWebhookSecrets { get; set; } = [];

    /// <summary>Oldest signature timestamp accepted, in seconds either way. Default 300 (Stripe's own default).</summary>
    public int ToleranceSeconds { get; set; } = 300;

    public IReadOnlyList<string> AllSecrets() =>
        new[] { WebhookSecret }.Concat(PreviousWebhookSecrets).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList();
}
