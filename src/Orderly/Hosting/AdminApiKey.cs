using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Orderly.Hosting;

/// <summary>
/// The admin API key: from <c>Orderly:AdminApiKey</c>, else read from (or, on first start,
/// generated into) <c>{DataDir}/admin-api-key</c> with mode 0600.
/// </summary>
public sealed class AdminApiKey
{
    private readonly byte[] _hash;

    public AdminApiKey(IOptions<OrderlyOptions> options)
    {
        var orderly = options.Value;
        var value = orderly.AdminApiKey;
        if (string.IsNullOrWhiteSpace(value))
        {
            var dataDir = orderly.ResolveDataDir();
            var path = Path.Combine(dataDir, "admin-api-key");
            if (File.Exists(path))
            {
                value = File.ReadAllText(path).Trim();
            }
            else
            {
                Directory.CreateDirectory(dataDir);
                value = "oak_" + Base64Url(RandomNumberGenerator.GetBytes(32));
                SecretFiles.WriteNew(path, value);
                GeneratedOnThisStart = value;
            }
        }
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Set only when the key was created by this start, so it can be shown once.</summary>
    public string? GeneratedOnThisStart { get; }

    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _hash);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Files holding secrets: created with owner-only permissions before anything is written.</summary>
public static class SecretFiles
{
    public static void WriteNew(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}

/// <summary><c>Authorization: Bearer &lt;admin key&gt;</c> → an authenticated admin.</summary>
internal sealed class AdminApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AdminApiKey adminKey) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "AdminApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!adminKey.Matches(header["Bearer ".Length..].Trim()))
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid admin key."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, "admin")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.Create(401, "auth.unauthenticated", "Authentication required.", "Send Authorization: Bearer <admin key>.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Problems.Create(403, "auth.forbidden", "Not allowed.").ExecuteAsync(Context);
    }
}
