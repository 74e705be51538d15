using Orderly.Catalog.Contracts;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>
/// Admin: adds or edits a category (name, slug, parent). Refuses a parent that would close a loop.
/// A change moves the UpdatedAt of every product in the category and below (search shows category names).
/// </summary>
public static partial class SaveCategory
{
    public sealed record Input(Guid? Id, string Name, string Slug, Guid? ParentId);

    public abstract record Outcome
    {
        public sealed record Saved(Guid Id) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    internal sealed class Handler(OrderlyDbContext db, ICatalogChanges changes, IAuditLog audit, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(Input input, string actor, CancellationToken ct)
        {
            var name = input.Name.Trim();
            var slug = input.Slug.Trim().ToLowerInvariant();
            var errors = new List<ValidationError>();
            if (name.Length is 0 or > 100)
            {
                errors.Add(new("name", "is required, at most 100 characters."));
            }
            if (slug.Length is 0 or > 100 || !SlugPattern().IsMatch(slug))
            {
                errors.Add(new("slug", "is required: lower-case letters, digits and single dashes, e.g. office-software."));
            }
            await using var transaction = await db.BeginWriteAsync(ct);
            var tree = await CategoryTree.LoadAsync(db, ct);
            if (tree.FindBySlug(slug) is { } other && other.Id != input.Id)
            {
                errors.Add(new("slug", $"'{slug}' is used by '{other.Name}'."));
            }
            if (input.ParentId is { } parentId && tree.Find(parentId) is null)
            {
                errors.Add(new("parent", "does not exist (any more)."));
            }
            if (input.Id is { } id && (input.ParentId == id || tree.WouldCycle(id, input.ParentId)))
            {
                errors.Add(new("parent", "cannot be the category itself or one of its subcategories."));
            }
            Category? category = null;
            if (input.Id is { } existing && (category = await db.Set<Category>().FirstOrDefaultAsync(c => c.Id == existing, ct)) is null)
            {
                errors.Add(new("name", "this category no longer exists."));
            }
            if (errors.Count > 0)
            {
                return new Outcome.Invalid(errors);
            }
            var now = time.GetUtcNow();
            if (category is null)
            {
                category = new Category
                {
                    Id = Guid.CreateVersion7(now), Name = name, Slug = slug, ParentId = input.ParentId, CreatedAt = now.UtcDateTime,
                    Position = tree.ChildrenOf(input.ParentId).Count,
                };
                db.Set<Category>().Add(category);
                audit.Append("CategoryCreated", null, actor, new { category.Id, name, slug, parentId = input.ParentId });
            }
            else
            {
                category.Name = name;
                category.Slug = slug;
                category.ParentId = input.ParentId;
                audit.Append("CategoryEdited", null, actor, new { category.Id, name, slug, parentId = input.ParentId });
                await TouchProductsAsync(db, tree.WithDescendants(category.Id), now.UtcDateTime, ct);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await changes.ProductsChangedAsync([], ct); // this instance's search shows it at once
            return new Outcome.Saved(category.Id);
        }
    }

    /// <summary>Moves UpdatedAt of the products in these categories, so the search index picks up a renamed or moved category.</summary>
    internal static Task TouchProductsAsync(OrderlyDbContext db, IReadOnlyList<Guid> categoryIds, DateTime now, CancellationToken ct) =>
        db.Set<Product>().Where(p => p.CategoryId != null && categoryIds.Contains(p.CategoryId.Value))
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.UpdatedAt, now), ct);
}
