using Microsoft.Extensions.Options;

namespace Orderly.Catalog.Search;

/// <summary>
/// Keeps this instance's <see cref="ProductIndex"/> current. Builds it whole on start, then every
/// <c>Catalog:Search:RefreshInterval</c> (default 2 s) re-reads the products whose <c>UpdatedAt</c>
/// moved past the watermark, so every instance follows every other instance's writes through the
/// database alone (no broker); a write on this instance calls <see cref="RefreshAsync"/> through
/// <c>ICatalogChanges</c> and is searchable when its request ends. A change of the category tree
/// rebuilds the whole index (category names and paths are in every document).
/// </summary>
internal sealed partial class SearchIndexer(
    IServiceScopeFactory scopes, ProductIndex index, HomeSectionsCache home, IOptions<ProductSearchOptions> options, IOptions<Hosting.OrderlyOptions> orderly, TimeProvider time, ILogger<SearchIndexer> logger)
    : BackgroundService
{
    /// <summary>
    /// How far behind the watermark each poll looks again. <c>UpdatedAt</c> is stamped before the
    /// commit, so a slow transaction can commit a time older than one already seen, and instances'
    /// clocks differ a little; products re-read for nothing are skipped by their <c>UpdatedAt</c>.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Guid, DateTime> _indexed = [];
    private DateTime? _watermark;
    private string? _categorySignature;

    /// <summary>When the last refresh finished (health and tests).</summary>
    public DateTimeOffset? LastRefreshAt { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!orderly.Value.RunsWeb)
        {
            return; // a worker-only instance serves no pages: no index to build or poll for
        }
        try
        {
            await RefreshAsync([], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The storefront must come up even if the first read fails; the poll retries.
            LogFailed(ex);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
                await RefreshAsync([], stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogFailed(ex);
            }
        }
    }

    /// <summary>Reads what changed (and <paramref name="productIds"/>) and applies it. One refresh at a time.</summary>
    public async Task RefreshAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var load = scope.ServiceProvider.GetRequiredService<LoadIndexedProducts>();
            var categories = await load.CategoriesAsync(cancellationToken);
            var full = _watermark is null || categories.Signature != _categorySignature;
            var batch = await load.HandleAsync(categories, full ? null : Since(_watermark!.Value), productIds, cancellationToken);

            if (full)
            {
                index.Replace(batch.Published, categories);
                home.Invalidate();
                _indexed.Clear();
                foreach (var p in batch.Published)
                {
                    _indexed[p.Id] = p.UpdatedAt;
                }
                _categorySignature = categories.Signature;
                LogBuilt(batch.Published.Count);
            }
            else
            {
                var upserts = batch.Published.Where(p => productIds.Contains(p.Id) || !_indexed.TryGetValue(p.Id, out var at) || at != p.UpdatedAt).ToList();
                var removals = batch.Hidden.Select(h => h.Id).Where(_indexed.ContainsKey).ToList();
                if (upserts.Count > 0 || removals.Count > 0)
                {
                    index.Apply(upserts, removals);
                    home.Invalidate(); // another instance's change reaches this home page too
                    foreach (var p in upserts)
                    {
                        _indexed[p.Id] = p.UpdatedAt;
                    }
                    foreach (var id in removals)
                    {
                        _indexed.Remove(id);
                    }
                }
            }
            var newest = batch.Published.Select(p => p.UpdatedAt).Concat(batch.Hidden.Select(h => DateTime.SpecifyKind(h.UpdatedAt, DateTimeKind.Utc)));
            foreach (var at in newest)
            {
                if (_watermark is null || at > _watermark)
                {
                    _watermark = at;
                }
            }
            _watermark ??= Beginning;
            LastRefreshAt = time.GetUtcNow();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static readonly DateTime Beginning = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    /// <summary>Where a poll starts reading: <see cref="Overlap"/> before the newest change seen.</summary>
    public static DateTime Since(DateTime watermark) => watermark - Beginning > Overlap ? watermark - Overlap : Beginning;

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index built: {Count} published products")]
    private partial void LogBuilt(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing the search index failed; the next poll retries")]
    private partial void LogFailed(Exception exception);
}
