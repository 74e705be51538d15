using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary>
/// The dashboard's request log: one row per reseller API request with its id, outcome and a masked
/// body — the API key is dropped and the e-mail's local part masked. Written after the answer is
/// decided, in its own small unit of work, so a refused request still changes no business data.
/// </summary>
internal sealed class RequestLog(OrderlyDbContext db, TimeProvider time)
{
    /// <summary>The merchant's IP allow-list: a 403 (logged) when the caller's address is not on it.</summary>
    public async Task<ProblemHttpResult?> RefuseByAddressAsync(ResellerCaller caller, HttpContext context, CancellationToken ct)
    {
        var allowList = await db.Set<Merchant>().Where(m => m.Id == caller.MerchantId).Select(m => m.AllowedIps).FirstOrDefaultAsync(ct);
        if (ApiKeys.IsAllowed(allowList, context.Connection.RemoteIpAddress))
        {
            return null;
        }
        await RecordAsync(caller.MerchantId, context, null, "ip_not_allowed", 403, ct);
        return ResellerProblems.Create(context, 403, ResellerErrors.IpNotAllowed, "Not allowed from this address.",
            "The merchant's IP allow-list does not include the caller's address.");
    }

    public async Task RecordAsync(Guid? merchantId, HttpContext context, ResellerOrderRequest? request, string outcome, int status, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        db.Set<RequestLogEntry>().Add(new RequestLogEntry
        {
            Id = ResellerCaller.RequestIdOf(context),
            MerchantId = merchantId,
            Path = context.Request.Path.Value ?? "",
            Status = status,
            Outcome = outcome,
            MaskedBody = request is null ? "{}" : Mask(request),
            At = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The body as logged: no key, the e-mail masked (first character and domain kept).</summary>
    public static string Mask(ResellerOrderRequest request) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["api_key"] = request.ApiKey is null ? null : "••••", // never the key, not even a part of it
        ["product"] = request.Product,
        ["balance"] = request.Balance,
        ["quantity"] = request.Quantity,
        ["currency"] = request.Currency,
        ["client_email"] = MaskEmail(request.ClientEmail),
        ["external_id"] = request.ExternalId,
    });

    public static string? MaskEmail(string? email)
    {
        if (email is null)
        {
            return null;
        }
        var at = email.LastIndexOf('@');
        return at <= 0 ? "••••" : $"{email[0]}•••{email[at..]}";
    }
}
