using Orderly.Catalog.Contracts;

namespace Orderly.Catalog.Search;

/// <summary>The storefront's search, answered from the in-memory index (no database read).</summary>
internal sealed class ProductSearch(ProductIndex index) : IProductSearch
{
    public Task<ProductSearchResult> SearchAsync(ProductSearchRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(index.Search(request));

    public Task<IReadOnlyList<ProductSuggestion>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken) =>
        Task.FromResult(index.Suggest(prefix, limit));
}

/// <summary>Product writes on this instance refresh the index and drop the cached home sections before their request ends.</summary>
internal sealed partial class CatalogChanges(SearchIndexer indexer, HomeSectionsCache home, ILogger<CatalogChanges> logger) : ICatalogChanges
{
    public async Task ProductsChangedAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken)
    {
        home.Invalidate(); // even when indexing fails below: the home page reads the database
        try
        {
            await indexer.RefreshAsync(productIds, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is committed; the next poll indexes it.
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexing a catalog change failed; the next poll picks it up")]
    private partial void LogFailed(Exception exception);
}
