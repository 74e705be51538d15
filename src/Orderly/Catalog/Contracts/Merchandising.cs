namespace Orderly.Catalog.Contracts;

/// <summary>Whether shoppers can see and buy a product.</summary>
public enum ProductStatus
{
    Published = 0,
    Draft = 1,
}

public sealed record CategoryInfo(Guid Id, string Slug, string Name, Guid? ParentId, int Position);
