using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary>
/// Reseller API keys: <c>rk_live_&lt;prefix&gt;_&lt;secret&gt;</c> (or <c>rk_test_…</c>). The prefix
/// (8 characters) is stored and shown to tell keys apart; the whole key is stored only as SHA-256 —
/// its 256-bit random secret makes a slow hash unnecessary.
/// </summary>
internal static class ApiKeys
{
    public static (string Key, string Prefix, byte[] Hash) Create(bool testMode)
    {
        var prefix = (testMode ? "rk_test_" : "rk_live_") + Base64Url(RandomNumberGenerator.GetBytes(6));
        var key = $"{prefix}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        return (key, prefix, Hash(key));
    }

    /// <summary>The stored prefix of a presented key, or null when it is not shaped like one.</summary>
    public static string? PrefixOf(string presented)
    {
        if (presented.Length is < 20 or > 128 || !(presented.StartsWith("rk_live_", StringComparison.Ordinal) || presented.StartsWith("rk_test_", StringComparison.Ordinal)))
        {
            return null;
        }
        // "rk_live_" + 8 base64url characters (which may themselves contain '_'), then '_' and the secret.
        return presented[16] == '_' ? presented[..16] : null;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether <paramref name="address"/> is in the comma-separated list of addresses and CIDR ranges; an empty list allows all.</summary>
    public static bool IsAllowed(string? allowList, IPAddress? address)
    {
        if (string.IsNullOrWhiteSpace(allowList))
        {
            return true;
        }
        if (address is null)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var entry in allowList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal) ? IPNetwork.TryParse(entry, out var network) && network.Contains(address) : IPAddress.TryParse(entry, out var single) && single.Equals(address))
            {
                return true;
            }
        }
        return false;
    }

    public static bool IsValidAllowList(string? allowList) =>
        string.IsNullOrWhiteSpace(allowList) || allowList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(e => IPNetwork.TryParse(e, out _) || IPAddress.TryParse(e, out _));
}

/// <summary>The authenticated caller of the reseller API.</summary>
internal sealed record ResellerCaller(Guid MerchantId, Guid ApiKeyId, bool TestMode, Guid RequestId)
{
    public const string MerchantClaim = "reseller:merchant";
    public const string KeyClaim = "reseller:key";
    public const string TestClaim = "reseller:test";
    public const string PrefixClaim = "reseller:prefix";
    private const string RequestIdItem = "reseller:request_id";
    public const string RequestIdHeader = "X-Request-Id";

    public static ResellerCaller From(HttpContext context) => new(
        Guid.Parse(context.User.FindFirstValue(MerchantClaim)!),
        Guid.Parse(context.User.FindFirstValue(KeyClaim)!),
        context.User.FindFirstValue(TestClaim) == "true",
        RequestIdOf(context));

    /// <summary>The request's id: created on first use, echoed as <c>X-Request-Id</c> and in every body.</summary>
    public static Guid RequestIdOf(HttpContext context)
    {
        if (context.Items[RequestIdItem] is Guid id)
        {
            return id;
        }
        id = Guid.CreateVersion7(context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        context.Items[RequestIdItem] = id;
        if (!context.Response.HasStarted)
        {
            context.Response.Headers[RequestIdHeader] = id.ToString();
        }
        return id;
    }

    /// <summary>The per-key rate limit partition: the key id once authenticated, else the client address.</summary>
    public static string RateLimitPartition(HttpContext context) =>
        context.User.FindFirstValue(KeyClaim) is { } keyId ? $"key:{keyId}" : $"ip:{RateLimits.ClientIp(context)}";
}

/// <summary>
/// <c>Authorization: Bearer rk_…</c>, or the body's <c>api_key</c> (the seed's clients send it
/// there) → an authenticated merchant key. Runs before rate limiting, so limits are per key.
/// </summary>
internal sealed class ResellerApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    OrderlyDbContext db) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ResellerApiKey";
    private const int MaxBufferedBody = 64 * 1024;
    private const string ChallengedItem = "reseller:challenged";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        ResellerCaller.RequestIdOf(Context);
        var presented = await PresentedKeyAsync();
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }
        var prefix = ApiKeys.PrefixOf(presented);
        Context.Items[RequestLog.PresentedPrefixItem] = prefix;
        var key = prefix is null ? null : await db.Set<ApiKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix && k.RevokedAt == null, Context.RequestAborted);
        if (key is null || !CryptographicOperations.FixedTimeEquals(key.SecretHash, ApiKeys.Hash(presented)))
        {
            return AuthenticateResult.Fail("Invalid API key.");
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(ResellerCaller.MerchantClaim, key.MerchantId.ToString()),
            new Claim(ResellerCaller.KeyClaim, key.Id.ToString()),
            new Claim(ResellerCaller.TestClaim, key.TestMode ? "true" : "false"),
            new Claim(ResellerCaller.PrefixClaim, key.Prefix),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private async Task<string?> PresentedKeyAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        if (!HttpMethods.IsPost(Request.Method) || Request.ContentLength is > MaxBufferedBody || Request.HasJsonContentType() is false)
        {
            return null;
        }
        Request.EnableBuffering(MaxBufferedBody);
        try
        {
            using var document = await JsonDocument.ParseAsync(Request.Body, cancellationToken: Context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("api_key", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null; // the endpoint's binding reports the malformed body
        }
        finally
        {
            Request.Body.Position = 0;
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await ResellerProblems.Create(Context, 401, ResellerErrors.InvalidApiKey, "Authentication required.",
            "Send a valid API key as Authorization: Bearer <key> or as the body's api_key.").ExecuteAsync(Context);
        if (Context.Items.TryAdd(ChallengedItem, true))
        {
            var outcome = Context.Items.ContainsKey(RequestLog.PresentedPrefixItem) ? "invalid_api_key" : "no_api_key";
            await Context.RequestServices.GetRequiredService<RequestLog>().RecordRefusedAsync(Context, StatusCodes.Status401Unauthorized, outcome, Context.RequestAborted);
        }
    }
}

/// <summary>problem+json answers of the reseller API: the platform's, plus <c>request_id</c> and <c>success: false</c>.</summary>
internal static class ResellerProblems
{
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Create(HttpContext context, int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>());
        foreach (var (key, value) in Extensions(context))
        {
            all[key] = value;
        }
        return Problems.Create(status, code, title, detail, all);
    }

    /// <summary>What every reseller problem carries; also attached to the API's endpoints for the rate limiter's 429.</summary>
    public static IDictionary<string, object?> Extensions(HttpContext context) => new Dictionary<string, object?>
    {
        ["success"] = false,
        ["request_id"] = ResellerCaller.RequestIdOf(context),
    };

    public static ProblemExtensionsMetadata Metadata { get; } = new(Extensions);
}
