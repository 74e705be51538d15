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
    public const string NodeFixturesVariable = "ORDERLY_TEST_NODE_FIXTURES";

    private const string ScriptName = "stripe-sign.mjs";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(30);

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

    internal static async Task<(int ExitCode, string Output, string Error)> RunNodeAsync(string workingDirectory, string script, string input)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(script);

        Process? started;
        try
        {
            started = Process.Start(startInfo);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("Could not start node (is it on PATH?); the Stripe signature fixture needs it.", ex);
        }

        using var process = started ?? throw new InvalidOperationException("Could not start node.");
        using var timeout = new CancellationTokenSource(NodeTimeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.StandardInput.WriteAsync(input);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // node exited before reading its input (e.g. a failed import); its stderr says why.
            }

            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            TryKill(process);
            throw new TimeoutException($"node {script} did not finish within {NodeTimeout.TotalSeconds} s.");
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>
    /// <c>ORDERLY_TEST_NODE_FIXTURES</c> when set, else <c>tests/fixtures/node</c> of the checkout
    /// (found by walking up from the test binaries to the directory holding <c>Orderly.slnx</c>).
    /// </summary>
    internal static string FixturesDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(NodeFixturesVariable);
        var directory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(RepositoryRoot(), "tests", "fixtures", "node")
            : Path.GetFullPath(configured);

        if (!File.Exists(Path.Combine(directory, ScriptName)))
        {
            throw new InvalidOperationException($"{ScriptName} was not found in {directory}.");
        }

        if (!Directory.Exists(Path.Combine(directory, "node_modules", "stripe")))
        {
            throw new InvalidOperationException(
                $"The npm fixtures in {directory} are not installed (no node_modules/stripe): run ./test.sh (it installs the npm fixtures).");
        }

        return directory;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orderly.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"{NodeFixturesVariable} is not set and no Orderly.slnx was found above {AppContext.BaseDirectory}: run ./test.sh (it installs the npm fixtures).");
    }
}
