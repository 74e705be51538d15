using Orderly.Hosting;

namespace Orderly.Catalog.Contracts;

public enum ProductKind
{
    Digital = 0,
    Physical = 1,
}

/// <summary>What a buyer receives for a digital line: a code, a file link, or both.</summary>
public enum DeliveryKind
{
    Code = 0,
    File = 1,
    Mixed = 2,
    /// <summary>Physical goods: handed to the shipping workflow.</summary>
    Shipment = 3,
}

/// <summary>Where codes come from: an imported pool, or minted on demand from a pattern.</summary>
public enum KeySource
{
    None = 0,
    Pool = 1,
    Generator = 2,
}

/// <summary>A product as other modules see it. <paramref name="Status"/>: drafts cannot be bought.</summary>
public sealed record ProductInfo(
    Guid Id,
    string Sku,
    string Name,
    ProductKind Kind,
    DeliveryKind Delivery,
    Money Price,
    KeySource KeySource,
    string? KeyPattern,
    int LowStockThreshold,
    string? FileName,
    ProductStatus Status = ProductStatus.Published)
{
    public bool DeliversCodes => Delivery is DeliveryKind.Code or DeliveryKind.Mixed;
    public bool DeliversFile => Delivery is DeliveryKind.File or DeliveryKind.Mixed;
}

/// <summary>Read access to the catalog for other modules.</summary>
public interface IProductCatalog
{
    Task<ProductInfo?> FindBySkuAsync(string sku, CancellationToken cancellationToken);
    Task<IReadOnlyList<ProductInfo>> FindBySkusAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="FindBySkusAsync"/>, but a product may come from a read up to about a second
    /// old (Catalog:SnapshotTtl): for pricing carts at checkout, where a database read per buyer
    /// would cost more than the order itself.
    /// </summary>
    Task<IReadOnlyList<ProductInfo>> FindRecentBySkusAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken);
    Task<IReadOnlyList<ProductInfo>> FindByIdsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>Opens the product's downloadable file, or null when it has none.</summary>
    Task<ProductFile?> OpenFileAsync(Guid productId, CancellationToken cancellationToken);
}

public sealed record ProductFile(string FileName, string ContentType, long Length, Func<Stream> Open);
