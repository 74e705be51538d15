namespace Orderly.Hosting;

/// <summary>Platform settings, bound to the "Orderly" configuration section.</summary>
public sealed class OrderlyOptions
{
    public const string Section = "Orderly";

    /// <summary>
    /// Bearer token for the admin API. When empty, one is generated on first start, stored in
    /// <c>{DataDir}/admin-api-key</c> (mode 0600) and printed once.
    /// </summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Directory for the SQLite file, key material and uploaded files. Default <c>./data</c>.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Base URL used in links sent to buyers (email, library, downloads). Default http://localhost:5080.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Where admin alerts (low stock, sold out, dead-lettered work) are e-mailed. Empty: in-app only.</summary>
    public string? AdminEmail { get; set; }

    /// <summary>Seed a demo catalog on first start of an empty database. Default true.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>
    /// What this instance does: <c>web</c> (HTTP API and pages), <c>worker</c> (outbox dispatcher,
    /// reservation sweeper, audit sealer), or both (default <c>web,worker</c>). Health and metrics
    /// endpoints are served in every role.
    /// </summary>
    public string Roles { get; set; } = "web,worker";

    public bool RunsWeb => HasRole("web");

    public bool RunsWorkers => HasRole("worker");

    private bool HasRole(string role) =>
        Roles.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));

    /// <summary>Log format: <c>text</c> (default) or <c>json</c>.</summary>
    public string LogFormat { get; set; } = "text";

    public string ResolveDataDir() => Path.GetFullPath(DataDir);
}
