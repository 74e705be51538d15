namespace Orderly.Reseller;

/// <summary>Reseller API settings, bound to the "Reseller" configuration section.</summary>
public sealed class ResellerOptions
{
    public const string Section = "Reseller";

    public WebhookOptions Webhooks { get; set; } = new();

    /// <summary>
    /// Requests refused with 401 or 429 that are written to the request log, per client address and
    /// minute on each instance (all addresses together: twenty times this). Default 10.
    /// </summary>
    public int RefusedRequestsLoggedPerMinute { get; set; } = 10;
}

/// <summary>Outgoing webhook settings (<c>Reseller:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Only https targets. Default true; false only for local development.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>
    /// Allow loopback, private and other non-public targets. Default false (SSRF guard on); the
    /// Development environment turns it on unless set explicitly.
    /// </summary>
    public bool? AllowPrivateTargets { get; set; }

    /// <summary>Per attempt, connect to last byte. Default 15 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Requests in flight to one subscription at a time. Default 4.</summary>
    public int MaxConcurrencyPerEndpoint { get; set; } = 4;

    /// <summary>How often the worker looks for due deliveries. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The retry caps (see RetrySchedule); default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.</summary>
    public List<TimeSpan>? RetrySchedule { get; set; }
}
