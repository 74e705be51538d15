using Orderly.Catalog.Contracts;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>
/// Admin: removes an empty-of-subcategories category. Its products stay, without a category
/// (their UpdatedAt moves so search forgets the category).
/// </summary>
public static class DeleteCategory
{
    public abstract record Outcome
    {
        public sealed record Deleted : Outcome;
        public sealed record HasSubcategories : Outcome;
        public sealed record NotFound : Outcome;
    }

    internal sealed class Handler(OrderlyDbContext db, ICatalogChanges changes, IAuditLog audit, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(Guid id, string actor, CancellationToken ct)
        {
            await using var transaction = await db.BeginWriteAsync(ct);
            var category = await db.Set<Category>().FirstOrDefaultAsync(c => c.Id == id, ct);
            if (category is null)
            {
                return new Outcome.NotFound();
            }
            if (await db.Set<Category>().AnyAsync(c => c.ParentId == id, ct))
            {
                return new Outcome.HasSubcategories();
            }
            var now = time.GetUtcNow().UtcDateTime;
            await db.Set<Product>().Where(p => p.CategoryId == id)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.CategoryId, (Guid?)null).SetProperty(p => p.UpdatedAt, now), ct);
            db.Set<Category>().Remove(category);
            audit.Append("CategoryDeleted", null, actor, new { category.Id, category.Name, category.Slug });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await changes.ProductsChangedAsync([], ct); // this instance's search shows it at once
            return new Outcome.Deleted();
        }
    }
}
