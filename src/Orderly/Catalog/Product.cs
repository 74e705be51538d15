using Orderly.Catalog.Contracts;
using Orderly.Hosting;

namespace Orderly.Catalog;

internal sealed class Product
{
    public Guid Id { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public ProductKind Kind { get; set; }
    public DeliveryKind Delivery { get; set; }
    public long PriceAmount { get; set; }
    public required string Currency { get; set; }
    public KeySource KeySource { get; set; }
    public string? KeyPattern { get; set; }
    public int LowStockThreshold { get; set; }
    public string? FileName { get; set; }
    public string? FileContentType { get; set; }
    public long? FileLength { get; set; }
    public string? FileSha256 { get; set; }
    /// <summary>On a refund, never-revealed codes go back to the pool (true, the default) or are burnt.</summary>
    public bool ReturnUnrevealedCodes { get; set; } = true;
    public DateTime CreatedAt { get; set; }

    /// <summary>Moves on every change of the product (the search index follows it).</summary>
    public DateTime UpdatedAt { get; set; }

    // Merchandising: what the storefront shows. None of it changes how an order is fulfilled.

    /// <summary>Drafts are invisible in the storefront and cannot be bought; existing products are published.</summary>
    public ProductStatus Status { get; set; } = ProductStatus.Published;

    /// <summary>Plain text, paragraphs separated by blank lines.</summary>
    public string? Description { get; set; }
    public string? Brand { get; set; }
    public Guid? CategoryId { get; set; }

    /// <summary>The "was" price of a promotion, in the product's currency; null when not on sale.</summary>
    public long? CompareAtPriceAmount { get; set; }
    public bool Featured { get; set; }

    /// <summary>Products sharing a group are variants of one another (one page, a selector): "1 PC" vs "5 PCs".</summary>
    public string? VariantGroup { get; set; }

    /// <summary>What tells this variant apart within its group ("5 PCs / 1 year").</summary>
    public string? VariantLabel { get; set; }

    public Money Price => new(PriceAmount, Currency);

    public ProductInfo ToInfo() => new(Id, Sku, Name, Kind, Delivery, Price, KeySource, KeyPattern, LowStockThreshold, FileName, Status);
}
