using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary>
/// The dashboard's request log: one row per reseller API request with its id, outcome, the key's
/// prefix, the client address and a masked body — the API key is dropped and the e-mail's local
/// part masked. Written after the answer is decided, in its own small unit of work, so a refused
/// request still changes no business data. Requests refused before the endpoint (401 bad key, 429
/// rate limit) are logged too, within <see cref="RefusedRequestBudget"/>.
/// </summary>
internal sealed partial class RequestLog(OrderlyDbContext db, TimeProvider time, RefusedRequestBudget budget, ILogger<RequestLog> logger)
{
    /// <summary>Set by the key handler when a presented key was refused: its public prefix (the rest of the key is never kept).</summary>
    public const string PresentedPrefixItem = "reseller:presented_prefix";
    private const int MaxBody = 64 * 1024;

    /// <summary>The merchant's IP allow-list: a 403 (logged) when the caller's address is not on it.</summary>
    public async Task<ProblemHttpResult?> RefuseByAddressAsync(ResellerCaller caller, HttpContext context, ResellerOrderRequest request, CancellationToken ct)
    {
        var allowList = await db.Set<Merchant>().Where(m => m.Id == caller.MerchantId).Select(m => m.AllowedIps).FirstOrDefaultAsync(ct);
        if (ApiKeys.IsAllowed(allowList, context.Connection.RemoteIpAddress))
        {
            return null;
        }
        await RecordAsync(caller.MerchantId, context, request, "ip_not_allowed", 403, ct);
        return ResellerProblems.Create(context, 403, ResellerErrors.IpNotAllowed, "Not allowed from this address.",
            "The merchant's IP allow-list does not include the caller's address.");
    }

    public Task RecordAsync(Guid? merchantId, HttpContext context, ResellerOrderRequest? request, string outcome, int status, CancellationToken ct) =>
        WriteAsync(merchantId, context, request, context.User.FindFirstValue(ResellerCaller.PrefixClaim), outcome, status, ct);

    /// <summary>
    /// A request refused before the endpoint ran: 401 (no or a bad key; the merchant is the one whose
    /// key has the presented prefix, if any) or 429 (the authenticated merchant). Skipped past the
    /// per-address budget, so junk keys cannot fill the disk; never throws into the refusal.
    /// </summary>
    public async Task RecordRefusedAsync(HttpContext context, int status, string outcome, CancellationToken ct)
    {
        if (!budget.TryTake(RateLimits.ClientIp(context), time.GetUtcNow()))
        {
            return;
        }
        try
        {
            var prefix = context.User.FindFirstValue(ResellerCaller.PrefixClaim) ?? context.Items[PresentedPrefixItem] as string;
            Guid? merchantId = Guid.TryParse(context.User.FindFirstValue(ResellerCaller.MerchantClaim), out var known) ? known
                : prefix is null ? null
                : await db.Set<ApiKey>().AsNoTracking().Where(k => k.Prefix == prefix).Select(k => (Guid?)k.MerchantId).FirstOrDefaultAsync(ct);
            await WriteAsync(merchantId, context, await ReadBodyAsync(context, ct), prefix, outcome, status, ct);
        }
        catch (DbUpdateException ex)
        {
            LogNotRecorded(ex, status);
        }
    }

    private async Task WriteAsync(Guid? merchantId, HttpContext context, ResellerOrderRequest? request, string? prefix, string outcome, int status, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        db.Set<RequestLogEntry>().Add(new RequestLogEntry
        {
            Id = ResellerCaller.RequestIdOf(context),
            MerchantId = merchantId,
            Path = Truncate(context.Request.Path.Value ?? "", 256),
            Status = status,
            Outcome = outcome,
            MaskedBody = request is null ? "{}" : Mask(request),
            KeyPrefix = prefix,
            ClientIp = RateLimits.ClientIp(context),
            ExternalId = request?.ExternalId is { } externalId ? Truncate(externalId.Trim(), 128) : null,
            At = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    /// <summary>The body of a refused request, when it is a small JSON order (bounded by its declared length; never read unbounded).</summary>
    private static async Task<ResellerOrderRequest?> ReadBodyAsync(HttpContext context, CancellationToken ct)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || request.ContentLength is not (> 0 and <= MaxBody) || !request.HasJsonContentType())
        {
            return null;
        }
        request.EnableBuffering(MaxBody);
        request.Body.Position = 0;
        try
        {
            return await JsonSerializer.DeserializeAsync<ResellerOrderRequest>(request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Readable on the dashboard ("b•••@example.com", not "b\u2022…"); markup characters stay escaped.</summary>
    private static readonly JsonSerializerOptions MaskedJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>The body as logged: no key, the e-mail masked (first character and domain kept).</summary>
    public static string Mask(ResellerOrderRequest request) => Truncate(JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["api_key"] = request.ApiKey is null ? null : "••••", // never the key, not even a part of it
        ["product"] = request.Product,
        ["balance"] = request.Balance,
        ["quantity"] = request.Quantity,
        ["currency"] = request.Currency,
        ["client_email"] = MaskEmail(request.ClientEmail),
        ["external_id"] = request.ExternalId,
    }, MaskedJson), 4096);

    public static string? MaskEmail(string? email)
    {
        if (email is null)
        {
            return null;
        }
        var at = email.LastIndexOf('@');
        return at <= 0 ? "••••" : $"{email[0]}•••{email[at..]}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A refused reseller request ({Status}) could not be written to the request log")]
    private partial void LogNotRecorded(Exception exception, int status);
}

/// <summary>
/// Bounds the logging of requests refused before authentication succeeded (or by the rate limiter):
/// per instance, at most <see cref="ResellerOptions.RefusedRequestsLoggedPerMinute"/> a minute per
/// client address and twenty times that from all addresses together; the rest is answered but not
/// logged. Requests with a valid key are always logged — they are already rate limited per key.
/// </summary>
internal sealed class RefusedRequestBudget(IOptions<ResellerOptions> options)
{
    private const int MaxTrackedAddresses = 10_000;
    private readonly ConcurrentDictionary<string, Window> _perAddress = new(StringComparer.Ordinal);
    private readonly Window _all = new();

    private sealed class Window
    {
        public long Minute;
        public int Count;
    }

    public bool TryTake(string clientIp, DateTimeOffset now)
    {
        var minute = now.ToUnixTimeSeconds() / 60;
        var perAddress = options.Value.RefusedRequestsLoggedPerMinute;
        if (_perAddress.Count > MaxTrackedAddresses)
        {
            // Only this minute's windows matter; older ones are dropped rather than letting a spray of addresses grow the table.
            foreach (var (key, window) in _perAddress)
            {
                if (Volatile.Read(ref window.Minute) != minute)
                {
                    _perAddress.TryRemove(key, out _);
                }
            }
        }
        return Take(_perAddress.GetOrAdd(clientIp, _ => new Window()), minute, perAddress) && Take(_all, minute, perAddress * 20);
    }

    private static bool Take(Window window, long minute, int limit)
    {
        lock (window)
        {
            if (window.Minute != minute)
            {
                (window.Minute, window.Count) = (minute, 0);
            }
            if (window.Count >= limit)
            {
                return false;
            }
            window.Count++;
            return true;
        }
    }
}
