using System.Text.Json;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>
/// Verifies JWTs with the <c>jose</c> npm package (<c>tests/fixtures/node/jose-verify.mjs</c>), an
/// implementation independent of the Microsoft.IdentityModel code that signs the leases.
/// </summary>
internal static class JoseFixture
{
    private const string ScriptName = "jose-verify.mjs";

    /// <summary>jose's verdict: the payload when the token verifies, else jose's error code (e.g. ERR_JWS_SIGNATURE_VERIFICATION_FAILED).</summary>
    public sealed record Verdict(bool Ok, JsonElement Payload, JsonElement Header, string? Code);

    public static async Task<Verdict> VerifyAsync(string token, JsonElement jwks, string issuer, string audience, long? currentDate = null)
    {
        var directory = NodeFixtures.Directory(ScriptName, "jose");
        var request = JsonSerializer.Serialize(new { token, jwks, issuer, audience, currentDate });
        var (exitCode, output, error) = await NodeFixtures.RunAsync(directory, Path.Combine(directory, ScriptName), request);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"node {ScriptName} exited with code {exitCode}: {error.Trim()}");
        }
        var result = JsonDocument.Parse(output).RootElement;
        return result.GetProperty("ok").GetBoolean()
            ? new Verdict(true, result.GetProperty("payload").Clone(), result.GetProperty("protectedHeader").Clone(), null)
            : new Verdict(false, default, default, result.GetProperty("code").GetString());
    }
}
