using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Orderly.Licensing;

/// <summary>
/// What an activation binds to, normalized so that one site is one seat however it is written:
/// "https://WWW.Example.com:443/shop", "example.com." and "example.com" are the same domain, and
/// "bücher.example" is stored as its punycode "xn--bcher-kva.example".
/// </summary>
internal static partial class Bindings
{
    public const int MaxDomainLength = 253;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex Label();

    [GeneratedRegex("^[A-Za-z0-9._:-]{8,128}$")]
    private static partial Regex Fingerprint();

    /// <summary>The binding of a request that names a domain or a fingerprint, exactly one of them.</summary>
    public static bool TryParse(string? domain, string? fingerprint, out BindingKind kind, out string value, out string error)
    {
        (kind, value, error) = (BindingKind.Domain, "", "");
        var hasDomain = !string.IsNullOrWhiteSpace(domain);
        var hasFingerprint = !string.IsNullOrWhiteSpace(fingerprint);
        if (hasDomain == hasFingerprint)
        {
            error = "send exactly one of 'domain' and 'fingerprint'.";
            return false;
        }
        if (hasDomain)
        {
            var normalized = NormalizeDomain(domain!);
            (value, error) = (normalized ?? "", normalized is null ? "is not a valid domain name." : "");
            return normalized is not null;
        }
        kind = BindingKind.Fingerprint;
        var trimmed = fingerprint!.Trim();
        if (!Fingerprint().IsMatch(trimmed))
        {
            error = "must be 8–128 letters, digits, '.', '_', ':' or '-'.";
            return false;
        }
        value = trimmed.ToLowerInvariant();
        return true;
    }

    /// <summary>
    /// The registrable host of a domain or URL: scheme, user info, port, path, query, a leading
    /// "www." and a trailing dot removed, lower case, internationalized labels as punycode. Null
    /// when it is not a domain name (IP addresses and single labels such as "localhost" are not).
    /// </summary>
    public static string? NormalizeDomain(string input)
    {
        var text = input.Trim();
        if (text.Length == 0 || text.Length > 2048 || text.Any(char.IsWhiteSpace))
        {
            return null;
        }
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var host = schemeEnd >= 0 ? text[(schemeEnd + 3)..] : text;
        host = host.Split('/', '?', '#')[0];
        var at = host.LastIndexOf('@');
        if (at >= 0)
        {
            host = host[(at + 1)..];
        }
        if (host.StartsWith('['))
        {
            return null; // an IPv6 literal
        }
        var colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            if (!host[(colon + 1)..].All(char.IsAsciiDigit))
            {
                return null;
            }
            host = host[..colon];
        }
        host = host.TrimEnd('.');
        if (host.Length == 0 || IPAddress.TryParse(host, out _))
        {
            return null;
        }
        string ascii;
        try
        {
            // Lower case first: IDNA maps "Ü" and "ü" to different punycode.
            ascii = Idn.GetAscii(host.ToLowerInvariant()).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (ascii.StartsWith("www.", StringComparison.Ordinal))
        {
            ascii = ascii[4..];
        }
        var labels = ascii.Split('.');
        if (ascii.Length > MaxDomainLength || labels.Length < 2 || !labels.All(l => Label().IsMatch(l)) || labels[^1].All(char.IsAsciiDigit))
        {
            return null;
        }
        return ascii;
    }
}
