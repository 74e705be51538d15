using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>
/// Stripe-Signature headers produced by the official <c>stripe</c> npm package
/// (<c>tests/fixtures/node/stripe-sign.mjs</c>, which calls
/// <c>stripe.webhooks.generateTestHeaderString</c>), so webhook verification is checked against
/// Stripe's own signing code rather than against a re-implementation in the tests.
/// </summary>
internal static class StripeFixture
{
    private const string ScriptName = "stripe-sign.mjs";

    /// <summary>The header value for <paramref name="payload"/> signed with one secret.</summary>
    public static Task<string> SignatureHeaderAsync(string payload, string secret, long? timestamp = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return SignatureHeaderAsync(payload, [secret], timestamp);
    }

    /// <summary>
    /// The <c>Stripe-Signature</c> header value for <paramref name="payload"/> (the exact request
    /// body): <c>t=&lt;timestamp&gt;,v1=&lt;hex&gt;[,v1=&lt;hex&gt;...]</c>, one <c>v1</c> per secret
    /// (as Stripe sends while a webhook secret is being rolled).
    /// </summary>
    /// <param name="payload">The raw body, byte for byte as it will be posted (UTF-8).</param>
    /// <param name="secrets">Endpoint secrets (<c>whsec_...</c>); at least one.</param>
    /// <param name="timestamp">Unix seconds for <c>t=</c>; positive. Default: now.</param>
    /// <exception cref="InvalidOperationException">node or the npm fixtures are missing, or the script failed.</exception>
    public static async Task<string> SignatureHeaderAsync(string payload, IReadOnlyList<string> secrets, long? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count == 0)
        {
            throw new ArgumentException("At least one webhook secret is required.", nameof(secrets));
        }

        if (timestamp is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, "The timestamp must be positive Unix seconds.");
        }

        var directory = FixturesDirectory();
        var request = JsonSerializer.Serialize(new { payload, secrets, timestamp });
        var (exitCode, output, error) = await RunNodeAsync(directory, Path.Combine(directory, ScriptName), request);

        if (exitCode != 0)
        {
            throw new InvalidOperationException($"node {ScriptName} exited with code {exitCode}: {error.Trim()}");
        }

        var header = output.Trim();
        if (!header.StartsWith("t=", StringComparison.Ordinal) || !header.Contains(",v1=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"node {ScriptName} printed no signature header: '{header}' {error.Trim()}");
        }

        return header;
    }

    /// <summary>Headers for many payloads (one secret, timestamp now) from a single node run.</summary>
    public static async Task<IReadOnlyList<string>> SignatureHeadersAsync(IReadOnlyList<string> payloads, string secret)
    {
        var directory = FixturesDirectory();
        var request = JsonSerializer.Serialize(new { batch = payloads.Select(payload => new { payload, secret }).ToList() });
        var (exitCode, output, error) = await RunNodeAsync(directory, Path.Combine(directory, ScriptName), request);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"node {ScriptName} exited with code {exitCode}: {error.Trim()}");
        }
        return JsonSerializer.Deserialize<List<string>>(output) ?? throw new InvalidOperationException("node printed no headers.");
    }

    private static string FixturesDirectory() => NodeFixtures.Directory(ScriptName, "stripe");

    private static Task<(int ExitCode, string Output, string Error)> RunNodeAsync(string workingDirectory, string script, string input) =>
        NodeFixtures.RunAsync(workingDirectory, script, input);
}
