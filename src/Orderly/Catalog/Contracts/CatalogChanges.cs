namespace Orderly.Catalog.Contracts;

/// <summary>
/// Tell the catalog's read models (the search index) that products changed, after the change is
/// committed: this instance shows the change at once; other instances pick it up by polling
/// <c>UpdatedAt</c> within <c>Catalog:Search:RefreshInterval</c>. Every product write calls it.
/// </summary>
public interface ICatalogChanges
{
    /// <summary>Products were created, edited, published, unpublished or their category tree changed. Never throws.</summary>
    Task ProductsChangedAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken);
}
