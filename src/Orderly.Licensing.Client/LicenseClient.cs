using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Orderly.Licensing.Client;

/// <summary>The server refused a request for good (<see cref="Code"/> is its stable error code, e.g. "licensing.activation_limit_reached").</summary>
public sealed class LicenseRefusedException(HttpStatusCode status, string code) : Exception($"The license server refused: {(int)status} {code}.")
{
    public HttpStatusCode Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>
/// Talks to an Orderly license server for one installation. <see cref="CheckAsync"/> is cheap:
/// it verifies the cached lease offline (signature against the cached JWKS, times against the
/// clock) and only calls the server when the lease is due for revalidation. A server that cannot
/// be reached never takes a valid lease away, and keeps an expired one alive until its grace
/// window ends; a server that answers with a refusal (revoked, suspended, expired) ends it at once.
/// </summary>
/// <param name="http">An HttpClient whose BaseAddress is the license server.</param>
public sealed class LicenseClient(HttpClient http, LicenseClientOptions options, TimeProvider? timeProvider = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly JsonWebTokenHandler _tokens = new();
    private Cache? _cache;

    /// <summary>Binds the license to this domain or fingerprint (idempotent), then fetches the first lease.</summary>
    /// <exception cref="LicenseRefusedException">invalid key, limit reached, license not active.</exception>
    public async Task<LicenseCheck> ActivateAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync("api/licenses/activate",
            new { key = options.Key, domain = options.Domain, fingerprint = options.Fingerprint, instanceName = options.InstanceName }, Json, cancellationToken);
        await ThrowIfRefusedAsync(response, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await RevalidateAsync(LeaseStanding.Lapsed, cancellationToken);
    }

    /// <summary>Frees this installation's seat and forgets the lease.</summary>
    public async Task DeactivateAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync("api/licenses/deactivate",
            new { key = options.Key, domain = options.Domain, fingerprint = options.Fingerprint }, Json, cancellationToken);
        await ThrowIfRefusedAsync(response, cancellationToken);
        response.EnsureSuccessStatusCode();
        await StoreAsync(null, cancellationToken);
    }

    /// <summary>Is this installation licensed now? Asks the server only when the lease is due.</summary>
    public async Task<LicenseCheck> CheckAsync(CancellationToken cancellationToken = default)
    {
        var cache = await LoadAsync(cancellationToken);
        var lease = cache?.Token is { } token ? await VerifyAsync(token, cache.Jwks, cancellationToken) : null;
        var standing = LeasePolicy.Standing(lease, _time.GetUtcNow(), options.ClockSkew);
        return standing == LeaseStanding.Fresh ? new LicenseCheck(LicenseState.Valid, lease, null) : await RevalidateAsync(standing, cancellationToken, lease);
    }

    /// <summary>
    /// Checks now and then on the lease's schedule (at its revalidation time, or every
    /// <see cref="LicenseClientOptions.RetryInterval"/> while the server cannot be reached), and
    /// reports every check to <paramref name="onCheck"/>, until cancelled.
    /// </summary>
    public async Task RunAsync(Action<LicenseCheck> onCheck, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onCheck);
        while (!cancellationToken.IsCancellationRequested)
        {
            var check = await CheckAsync(cancellationToken);
            onCheck(check);
            var now = _time.GetUtcNow();
            var wait = check.Lease is { } lease && lease.RevalidateAt > now && check.Reason is null
                ? lease.RevalidateAt - now
                : options.RetryInterval;
            try
            {
                await Task.Delay(wait, _time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<LicenseCheck> RevalidateAsync(LeaseStanding standing, CancellationToken cancellationToken, Lease? current = null)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("api/licenses/validate",
                new { key = options.Key, domain = options.Domain, fingerprint = options.Fingerprint }, Json, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Unreachable(standing, current);
        }
        using (response)
        {
            if (await RefusalAsync(response, cancellationToken) is { } code)
            {
                await StoreAsync(null, cancellationToken);
                return new LicenseCheck(LicenseState.Invalid, null, code);
            }
            if (!response.IsSuccessStatusCode)
            {
                return Unreachable(standing, current); // 5xx, 429, a proxy's error page: not the license server's verdict
            }
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
            var token = body.GetProperty("lease").GetString() ?? throw new InvalidOperationException("The server sent no lease.");
            var jwks = _cache?.Jwks;
            var lease = await VerifyAsync(token, jwks, cancellationToken);
            if (lease is null)
            {
                // Signed by a key this client has not seen yet (a rotation): fetch the JWKS once more.
                jwks = await FetchJwksAsync(cancellationToken);
                lease = await VerifyAsync(token, jwks, cancellationToken);
            }
            if (lease is null)
            {
                return new LicenseCheck(LicenseState.Invalid, null, "lease_signature_invalid");
            }
            await StoreAsync(new Cache(options.Binding, token, jwks ?? _cache?.Jwks), cancellationToken);
            return new LicenseCheck(LicenseState.Valid, lease, null);
        }
    }

    private static LicenseCheck Unreachable(LeaseStanding standing, Lease? current)
    {
        var state = LeasePolicy.AfterUnreachable(standing);
        return new LicenseCheck(state, state == LicenseState.Invalid ? null : current, state == LicenseState.Invalid ? "unreachable" : null);
    }

    /// <summary>The lease if its signature, issuer and audience hold against <paramref name="jwks"/>; times are the policy's business.</summary>
    private async Task<Lease?> VerifyAsync(string token, string? jwks, CancellationToken cancellationToken)
    {
        if (jwks is null)
        {
            return null;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var result = await _tokens.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
            ValidateLifetime = false, // expiry and grace: LeasePolicy, with this client's clock
            RequireExpirationTime = true,
        });
        return result.IsValid && result.SecurityToken is JsonWebToken jwt ? Lease.FromToken(jwt) : null;
    }

    private async Task<string> FetchJwksAsync(CancellationToken cancellationToken) =>
        await http.GetStringAsync(".well-known/jwks.json", cancellationToken);

    private static async Task ThrowIfRefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(response, cancellationToken) is { } code)
        {
            throw new LicenseRefusedException(response.StatusCode, code);
        }
    }

    /// <summary>The server's error code when it refused for a reason about the license (403, 409, 400), else null.</summary>
    private static async Task<string?> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Conflict or HttpStatusCode.BadRequest)
            || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return null;
        }
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
        return problem.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    private async Task<Cache?> LoadAsync(CancellationToken cancellationToken)
    {
        if (_cache is null && options.CachePath is { } path && File.Exists(path))
        {
            try
            {
                await using var file = File.OpenRead(path);
                _cache = await JsonSerializer.DeserializeAsync<Cache>(file, Json, cancellationToken);
            }
            catch (JsonException)
            {
                _cache = null; // a damaged cache is no cache
            }
        }
        // A cache written for another domain or fingerprint (a copied file) is not this installation's lease.
        return _cache?.Binding == options.Binding ? _cache : null;
    }

    private async Task StoreAsync(Cache? cache, CancellationToken cancellationToken)
    {
        _cache = cache;
        if (options.CachePath is not { } path)
        {
            return;
        }
        if (cache is null)
        {
            File.Delete(path);
            return;
        }
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(cache, Json), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    private sealed record Cache(string Binding, string? Token, string? Jwks);
}
