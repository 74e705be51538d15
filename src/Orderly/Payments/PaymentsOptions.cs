namespace Orderly.Payments;

/// <summary>Bound to the "Payments" section.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    public StripeOptions Stripe { get; set; } = new();

    public PayPalOptions PayPal { get; set; } = new();

    public WooCommerceOptions WooCommerce { get; set; } = new();

    /// <summary>Longest wait for a provider's API (refunds, payment routes, certificates). Default 15 s.</summary>
    public TimeSpan ProviderTimeout { get; set; } = TimeSpan.FromSeconds(15);

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

    /// <summary>The secret API key (<c>sk_live_...</c> / <c>sk_test_...</c>) for refunds and Checkout Sessions.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Base address of Stripe's API. Default: Stripe's own (null).</summary>
    public string? ApiBase { get; set; }
}

public sealed class PayPalOptions
{
    /// <summary>The id PayPal gave the webhook (dashboard, "Webhook ID"); part of every signed string.</summary>
    public string? WebhookId { get; set; }

    /// <summary>A second webhook id also accepted, while a webhook is replaced.</summary>
    public string? SecondaryWebhookId { get; set; }

    /// <summary>REST app credentials (OAuth2 client credentials) for refunds and orders.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Base address of PayPal's REST API. Default https://api-m.paypal.com (sandbox: https://api-m.sandbox.paypal.com).</summary>
    public string ApiBase { get; set; } = "https://api-m.paypal.com";

    /// <summary>
    /// Hosts a <c>PAYPAL-CERT-URL</c> may name (https only). Anything else is refused without a request,
    /// so a forged header cannot make Orderly fetch from elsewhere.
    /// </summary>
    public List<string> CertificateHosts { get; set; } = ["api.paypal.com", "api-m.paypal.com", "api.sandbox.paypal.com", "api-m.sandbox.paypal.com"];

    /// <summary>Largest gap between <c>PAYPAL-TRANSMISSION-TIME</c> and now, in seconds either way. Default 300.</summary>
    public int ToleranceSeconds { get; set; } = 300;

    public IReadOnlyList<string> WebhookIds() =>
        new[] { WebhookId, SecondaryWebhookId }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList();
}

public sealed class WooCommerceOptions
{
    /// <summary>The secret set on the WooCommerce webhooks (WooCommerce → Settings → Advanced → Webhooks).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The store's address, e.g. https://shop.example.com (REST API under /wp-json/wc/v3).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>REST API key pair (<c>ck_...</c>, <c>cs_...</c>), sent as HTTP Basic auth.</summary>
    public string? ConsumerKey { get; set; }

    public string? ConsumerSecret { get; set; }
}
