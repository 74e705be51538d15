using Orderly.Catalog.Contracts;

namespace Orderly.Catalog;

/// <summary>A node of the category tree (nested by <see cref="ParentId"/>); products point at one.</summary>
internal sealed class Category
{
    public Guid Id { get; set; }

    /// <summary>URL name, unique across the tree: /c/{slug}.</summary>
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public Guid? ParentId { get; set; }

    /// <summary>Order among siblings.</summary>
    public int Position { get; set; }
    public DateTime CreatedAt { get; set; }

    public CategoryInfo ToInfo() => new(Id, Slug, Name, ParentId, Position);
}

/// <summary>A picture of a product, stored under DataDir/media/products/{productId}/{id}{extension}.</summary>
internal sealed class ProductImage
{
    public Guid Id { get; set; }
    public Guid ProductId { get; set; }
    public int Position { get; set; }
    public required string ContentType { get; set; }
    public required string Extension { get; set; }
    public string? Alt { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A named property of a product ("Platform: Windows"); the storefront lists them and search can facet on them.</summary>
internal sealed class ProductAttribute
{
    public Guid ProductId { get; set; }
    public required string Name { get; set; }
    public required string Value { get; set; }
    public int Position { get; set; }
}
