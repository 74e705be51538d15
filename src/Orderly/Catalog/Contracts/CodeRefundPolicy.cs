namespace Orderly.Catalog.Contracts;

/// <summary>A product's rule for codes a refund takes back (set with <c>PUT /api/admin/products/{sku}/refund-policy</c>).</summary>
public interface ICodeRefundPolicy
{
    /// <summary>True (the default): never-revealed codes return to the pool; false: every refunded code is burnt.</summary>
    Task<bool> ReturnsUnrevealedCodesAsync(Guid productId, CancellationToken cancellationToken);
}
