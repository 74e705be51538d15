using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>
/// <c>GET|PUT /api/admin/products/{sku}/refund-policy</c> <c>{ "returnUnrevealedCodes": bool }</c>:
/// whether a refund puts never-revealed codes back on sale (default) or burns them (e.g. codes a
/// supplier only lets you sell once).
/// </summary>
internal static class SetRefundPolicy
{
    public sealed record RefundPolicyRequest(bool? ReturnUnrevealedCodes);

    public sealed record RefundPolicyResponse(string Sku, bool ReturnUnrevealedCodes);

    public static async Task<Results<Ok<RefundPolicyResponse>, ProblemHttpResult>> GetAsync(string sku, OrderlyDbContext db, CancellationToken ct)
    {
        var product = await db.Set<Product>().AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, ct);
        return product is null
            ? Problems.NotFound(CatalogErrors.ProductNotFound, $"No product with SKU '{sku}'.")
            : TypedResults.Ok(new RefundPolicyResponse(product.Sku, product.ReturnUnrevealedCodes));
    }

    public static async Task<Results<Ok<RefundPolicyResponse>, ProblemHttpResult>> PutAsync(
        string sku, RefundPolicyRequest request, OrderlyDbContext db, IAdminActionLog adminLog, TimeProvider time, CancellationToken ct)
    {
        if (request.ReturnUnrevealedCodes is not { } returnUnrevealed)
        {
            return Problems.Validation([new ValidationError("returnUnrevealedCodes", "is required: true or false.")]);
        }
        var product = await db.Set<Product>().FirstOrDefaultAsync(p => p.Sku == sku, ct);
        if (product is null)
        {
            return Problems.NotFound(CatalogErrors.ProductNotFound, $"No product with SKU '{sku}'.");
        }
        product.ReturnUnrevealedCodes = returnUnrevealed;
        product.UpdatedAt = time.GetUtcNow().UtcDateTime;
        adminLog.Record("RefundPolicyChanged", null, new { sku, returnUnrevealedCodes = returnUnrevealed });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RefundPolicyResponse(product.Sku, product.ReturnUnrevealedCodes));
    }

    internal sealed class Policy(OrderlyDbContext db) : ICodeRefundPolicy
    {
        public async Task<bool> ReturnsUnrevealedCodesAsync(Guid productId, CancellationToken cancellationToken) =>
            await db.Set<Product>().AsNoTracking().Where(p => p.Id == productId).Select(p => (bool?)p.ReturnUnrevealedCodes).FirstOrDefaultAsync(cancellationToken) ?? true;
    }
}
