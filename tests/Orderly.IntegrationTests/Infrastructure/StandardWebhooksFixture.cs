using System.Text.Json;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>
/// Verifies received webhooks with the official <c>standardwebhooks</c> npm package
/// (<c>tests/fixtures/node/standardwebhooks-verify.mjs</c>), the reference implementation of the
/// Standard Webhooks signature, run through <see cref="NodeFixtures"/>.
/// </summary>
internal static class StandardWebhooksFixture
{
    private const string ScriptName = "standardwebhooks-verify.mjs";

    /// <summary>One result per delivery: null when the package accepts it, else its error message.</summary>
    public static async Task<IReadOnlyList<string?>> VerifyAsync(string secret, IReadOnlyList<(string Payload, IReadOnlyDictionary<string, string> Headers)> deliveries)
    {
        var directory = NodeFixtures.Directory(ScriptName, "standardwebhooks");
        var input = JsonSerializer.Serialize(new { secret, deliveries = deliveries.Select(d => new { payload = d.Payload, headers = d.Headers }) });
        var (exitCode, output, error) = await NodeFixtures.RunAsync(directory, Path.Combine(directory, ScriptName), input);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"node {ScriptName} exited with code {exitCode}: {error.Trim()}");
        }
        using var results = JsonDocument.Parse(output);
        return results.RootElement.EnumerateArray().Select(r => r.GetProperty("ok").GetBoolean() ? null : r.GetProperty("error").GetString()).ToList();
    }
}
