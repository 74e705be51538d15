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
    public DateTime UpdatedAt { get; set; }

    public Money Price => new(PriceAmount, Currency);

    public ProductInfo ToInfo() => new(Id, Sku, Name, Kind, Delivery, Price, KeySource, KeyPattern, LowStockThreshold, FileName);
}
