using Orderly.Catalog.Contracts;

namespace Orderly.Catalog.Search;

/// <summary>What the search index holds of one published product (matching, filtering, sorting and the card).</summary>
/// <param name="CategoryIds">The product's category and all its ancestors, so a parent category's filter and facet count its children.</param>
/// <param name="CategoryNames">The names along the category path, matched as text ("Software" finds products under Software › Office).</param>
/// <param name="Featured">Staff marked it featured: first in a category's default order.</param>
/// <param name="ImageId">The first image, for cards that link it by id.</param>
internal sealed record IndexedProduct(
    Guid Id,
    string Sku,
    string Name,
    string? Description,
    string? Brand,
    IReadOnlyList<Guid> CategoryIds,
    IReadOnlyList<string> CategoryNames,
    IReadOnlyList<KeyValuePair<string, string>> Attributes,
    long Price,
    string Currency,
    long? CompareAtPrice,
    string? ImageUrl,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool Featured = false,
    Guid? ImageId = null);

/// <summary>
/// The category tree as the index last read it: slug lookups for filters, the path of a product's
/// category, and the depth-first order the category facet is listed in.
/// </summary>
internal sealed class CategoryTree
{
    public static readonly CategoryTree Empty = new([]);

    private readonly Dictionary<Guid, CategoryInfo> _byId;
    private readonly Dictionary<string, CategoryInfo> _bySlug;

    public CategoryTree(IEnumerable<CategoryInfo> categories)
    {
        var all = categories.ToList();
        _byId = all.ToDictionary(c => c.Id);
        _bySlug = all.ToDictionary(c => c.Slug, StringComparer.OrdinalIgnoreCase);
        var children = all.ToLookup(c => c.ParentId is { } p && _byId.ContainsKey(p) ? p : (Guid?)null);
        var ordered = new List<(CategoryInfo, int)>(all.Count);
        var visited = new HashSet<Guid>();
        void Visit(Guid? parent, int depth)
        {
            foreach (var child in children[parent].OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
            {
                if (visited.Add(child.Id)) // a cycle (never written by the catalog) must not loop forever
                {
                    ordered.Add((child, depth));
                    Visit(child.Id, depth + 1);
                }
            }
        }
        Visit(null, 0);
        InOrder = ordered;
        Signature = string.Join('\n', all.OrderBy(c => c.Id).Select(c => $"{c.Id}|{c.Slug}|{c.Name}|{c.ParentId}|{c.Position}"));
    }

    /// <summary>Every category, parents before their children, siblings by position.</summary>
    public IReadOnlyList<(CategoryInfo Category, int Depth)> InOrder { get; }

    /// <summary>Changes whenever any category is added, renamed, moved or reordered (then the index is rebuilt).</summary>
    public string Signature { get; }

    public CategoryInfo? FindBySlug(string slug) => _bySlug.GetValueOrDefault(slug);

    /// <summary>The direct subcategories of <paramref name="categoryId"/>, in display order.</summary>
    public IReadOnlyList<CategoryInfo> ChildrenOf(Guid? categoryId) =>
        InOrder.Where(c => c.Category.ParentId == categoryId).Select(c => c.Category).ToList();

    /// <summary>The top-level categories, in display order (the storefront's menu).</summary>
    public IReadOnlyList<CategoryInfo> TopLevel() => InOrder.Where(c => c.Depth == 0).Select(c => c.Category).ToList();

    /// <summary>The category and its ancestors, root first; empty for none or an unknown id.</summary>
    public IReadOnlyList<CategoryInfo> PathOf(Guid? categoryId)
    {
        var path = new List<CategoryInfo>();
        var seen = new HashSet<Guid>();
        while (categoryId is { } id && _byId.TryGetValue(id, out var category) && seen.Add(id))
        {
            path.Add(category);
            categoryId = category.ParentId;
        }
        path.Reverse();
        return path;
    }
}
