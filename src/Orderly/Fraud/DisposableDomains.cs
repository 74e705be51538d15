namespace Orderly.Fraud;

/// <summary>
/// The shipped list of disposable e-mail domains (embedded resource <c>disposable-domains.txt</c>,
/// one per line, <c>#</c> comments), extended by <see cref="FraudOptions.DisposableDomains"/>.
/// A subdomain of a listed domain counts too.
/// </summary>
internal sealed class DisposableDomains
{
    private readonly HashSet<string> _domains;

    public DisposableDomains(IEnumerable<string> domains) =>
        _domains = domains.Select(Normalize).Where(d => d.Length > 0).ToHashSet(StringComparer.Ordinal);

    public static DisposableDomains Shipped()
    {
        using var stream = typeof(DisposableDomains).Assembly.GetManifestResourceStream("Orderly.Fraud.disposable-domains.txt")
            ?? throw new InvalidOperationException("The disposable-domains.txt resource is missing from the build.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.TrimStart().StartsWith('#'))
            {
                lines.Add(line);
            }
        }
        return new DisposableDomains(lines);
    }

    public int Count => _domains.Count;

    public bool Contains(string domain, IReadOnlyCollection<string> extra)
    {
        var candidate = Normalize(domain);
        while (candidate.Length > 0)
        {
            if (_domains.Contains(candidate) || extra.Any(e => string.Equals(Normalize(e), candidate, StringComparison.Ordinal)))
            {
                return true;
            }
            var dot = candidate.IndexOf('.', StringComparison.Ordinal);
            candidate = dot < 0 ? "" : candidate[(dot + 1)..];
            if (!candidate.Contains('.', StringComparison.Ordinal))
            {
                break; // never match a bare top-level domain
            }
        }
        return false;
    }

    private static string Normalize(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();
}
