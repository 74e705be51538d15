using Microsoft.AspNetCore.Http.HttpResults;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

public sealed record CreateMerchantRequest(string? Name, string? AllowedIps);

public sealed record MerchantResponse(Guid Id, string Name, string? AllowedIps, DateTime CreatedAt);

/// <summary><c>POST /api/admin/reseller/merchants</c>: a merchant with an empty wallet and an optional IP allow-list.</summary>
internal static class CreateMerchant
{
    public static List<ValidationError> Validate(CreateMerchantRequest request)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 128)
        {
            errors.Add(new("name", "is required (at most 128 characters)."));
        }
        if (!ApiKeys.IsValidAllowList(request.AllowedIps) || request.AllowedIps?.Length > 1024)
        {
            errors.Add(new("allowedIps", "must be a comma-separated list of IP addresses or CIDR ranges."));
        }
        return errors;
    }

    public static async Task<Results<Created<MerchantResponse>, ProblemHttpResult>> EndpointAsync(CreateMerchantRequest request, OrderlyDbContext db, IAdminActionLog adminLog, TimeProvider time, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var now = time.GetUtcNow();
        var merchant = new Merchant { Id = Guid.CreateVersion7(now), Name = request.Name!.Trim(), AllowedIps = string.IsNullOrWhiteSpace(request.AllowedIps) ? null : request.AllowedIps.Trim(), CreatedAt = now.UtcDateTime };
        db.Set<Merchant>().Add(merchant);
        adminLog.Record("MerchantCreated", null, new { merchant.Id, merchant.Name });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/reseller/merchants/{merchant.Id}", new MerchantResponse(merchant.Id, merchant.Name, merchant.AllowedIps, merchant.CreatedAt));
    }
}
