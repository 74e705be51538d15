using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orderly.Licensing;

namespace Orderly.UnitTests.Licensing;

public sealed class LeaseTokensTests
{
    private static readonly DateTime IssuedAt = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_lease_written_directly_is_a_JWT_that_IdentityModel_verifies_with_every_claim()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "7b0c8a58-0000-0000-0000-000000000001",
            ["product"] = "LIC-\"quoted\"",
            ["domain"] = "shop-example.com",
            ["entitlements"] = new[] { "updates", "pro" },
            ["revalidate_at"] = 1772452800L,
        };

        var token = LeaseTokens.Sign(key, LeaseTokens.Header("lk-1"), "http://orderly.test", "orderly-license", claims, IssuedAt, IssuedAt.AddDays(7));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "http://orderly.test",
            ValidAudience = "orderly-license",
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            IssuerSigningKey = new ECDsaSecurityKey(key) { KeyId = "lk-1" },
            LifetimeValidator = (_, _, _, _) => true, // fixed times in the past
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(("ES256", "lk-1", "JWT"), (jwt.Alg, jwt.Kid, jwt.Typ));
        Assert.Equal(IssuedAt, jwt.IssuedAt);
        Assert.Equal(IssuedAt, jwt.ValidFrom);
        Assert.Equal(IssuedAt.AddDays(7), jwt.ValidTo);
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload));
        Assert.Equal("LIC-\"quoted\"", payload.RootElement.GetProperty("product").GetString());
        Assert.Equal(["updates", "pro"], payload.RootElement.GetProperty("entitlements").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1772452800L, payload.RootElement.GetProperty("revalidate_at").GetInt64());
    }

    [Fact]
    public void A_changed_payload_no_longer_matches_its_signature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = LeaseTokens.Sign(key, LeaseTokens.Header("lk-1"), "iss", "aud", new Dictionary<string, object> { ["sub"] = "a" }, IssuedAt, IssuedAt.AddDays(1));
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        var input = System.Text.Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        Assert.True(key.VerifyData(input, signature, HashAlgorithmName.SHA256));
        var forged = System.Text.Encoding.ASCII.GetBytes($"{parts[0]}.{Base64UrlEncoder.Encode("{\"sub\":\"b\"}")}");
        Assert.False(key.VerifyData(forged, signature, HashAlgorithmName.SHA256));
    }
}
