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

    /// <summary>
    /// Reverse proxies (addresses or CIDR ranges, comma-separated) whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed. Empty (default): the connection's address is the
    /// client's, which behind a proxy puts every buyer in one rate limit bucket.
    /// </summary>
    public string? TrustedProxies { get; set; }

    /// <summary>The parsed <see cref="TrustedProxies"/>, or false when an entry is neither an address nor a CIDR range.</summary>
    public bool TryParseTrustedProxies(out IReadOnlyList<System.Net.IPNetwork> networks)
    {
        var list = new List<System.Net.IPNetwork>();
        networks = list;
        foreach (var entry in (TrustedProxies ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                list.Add(network);
            }
            else if (System.Net.IPAddress.TryParse(entry, out var address))
            {
                list.Add(new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Log format: <c>text</c> (default) or <c>json</c>.</summary>
    public string LogFormat { get; set; } = "text";

    public string ResolveDataDir() => Path.GetFullPath(DataDir);
}
