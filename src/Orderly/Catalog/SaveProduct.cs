using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>The fields staff edit on a product (SKU, kind and delivery are fixed once created).</summary>
/// <param name="AttributesText">One attribute a line, "Name: Value".</param>
public sealed record ProductEdit(string Name, long PriceAmount, ProductStatus Status, string? Description, string? Brand, Guid? CategoryId,
    long? CompareAtPriceAmount, bool Featured, string? VariantGroup, string? VariantLabel, int LowStockThreshold, string? AttributesText);

/// <summary>Admin: creates a product (through <see cref="CreateProduct"/>) with its storefront fields, or edits one. Audited; bumps UpdatedAt.</summary>
public static class SaveProduct
{
    public abstract record Outcome
    {
        public sealed record Saved(string Sku) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record NotFound : Outcome;
    }

    /// <summary>Checks the fields; returns the parsed attributes ("Name: Value" lines) and the errors, by field name.</summary>
    public static (List<(string Name, string Value)> Attributes, List<ValidationError> Errors) Validate(ProductEdit edit, IReadOnlyCollection<Guid> categoryIds)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(edit.Name) || edit.Name.Trim().Length > 200)
        {
            errors.Add(new("name", "is required, at most 200 characters."));
        }
        if (edit.PriceAmount is < 0 or > 1_000_000_000_00)
        {
            errors.Add(new("price", "must be zero or more."));
        }
        if (edit.CompareAtPriceAmount is { } was && was <= edit.PriceAmount)
        {
            errors.Add(new("compareAtPrice", "must be above the price (it is the \"was\" price of a sale), or empty."));
        }
        if (edit.Description is { Length: > 20_000 })
        {
            errors.Add(new("description", "is at most 20000 characters."));
        }
        if (edit.Brand?.Trim() is { Length: > 100 })
        {
            errors.Add(new("brand", "is at most 100 characters."));
        }
        if (edit.CategoryId is { } c && !categoryIds.Contains(c))
        {
            errors.Add(new("category", "does not exist (any more)."));
        }
        if (edit.VariantGroup?.Trim() is { Length: > 100 } || edit.VariantLabel?.Trim() is { Length: > 100 })
        {
            errors.Add(new("variant", "group and label are at most 100 characters each."));
        }
        if (edit.LowStockThreshold is < 0 or > 10_000_000)
        {
            errors.Add(new("lowStockThreshold", "must be between 0 and 10000000."));
        }
        var attributes = new List<(string, string)>();
        var lines = (edit.AttributesText ?? "").ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon].Trim() : "";
            var value = colon > 0 ? line[(colon + 1)..].Trim() : "";
            if (name.Length is 0 or > 60 || value.Length is 0 or > 200)
            {
                errors.Add(new("attributes", $"line {i + 1}: write \"Name: Value\" (name up to 60, value up to 200 characters)."));
            }
            else if (attributes.Any(a => string.Equals(a.Item1, name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(new("attributes", $"line {i + 1}: '{name}' is listed twice."));
            }
            else
            {
                attributes.Add((name, value));
            }
        }
        return (attributes, errors);
    }

    internal sealed class Handler(OrderlyDbContext db, ICatalogChanges changes, CreateProduct.Handler create, IStockThresholds thresholds, IAuditLog audit, TimeProvider time)
    {
        public async Task<Outcome> CreateAsync(CreateProductRequest request, ProductEdit edit, string actor, CancellationToken ct)
        {
            var categories = await db.Set<Category>().Select(c => c.Id).ToListAsync(ct);
            var (attributes, errors) = Validate(edit, categories);
            // The creation rules (SKU, kind, delivery, price, key source) are CreateProduct's.
            var (_, createErrors) = CreateProduct.Decide(request, Guid.Empty, time.GetUtcNow().UtcDateTime);
            errors.InsertRange(0, createErrors);
            if (errors.Count > 0)
            {
                return new Outcome.Invalid(errors);
            }
            await using var transaction = await db.BeginWriteAsync(ct);
            switch (await create.HandleAsync(request, ct))
            {
                case CreateProduct.Outcome.DuplicateSku d:
                    return new Outcome.Invalid([new("sku", $"'{d.Sku}' is taken by another product.")]);
                case CreateProduct.Outcome.Invalid i:
                    return new Outcome.Invalid(i.Errors);
            }
            var product = await db.Set<Product>().FirstAsync(p => p.Sku == request.Sku, ct);
            await ApplyAsync(product, edit, attributes, ct);
            audit.Append("ProductCreated", null, actor, new { product.Sku, product.Name, status = product.Status.ToString() });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await changes.ProductsChangedAsync([], ct); // this instance's search shows it at once
            return new Outcome.Saved(product.Sku);
        }

        public async Task<Outcome> UpdateAsync(string sku, ProductEdit edit, string actor, CancellationToken ct)
        {
            var categories = await db.Set<Category>().Select(c => c.Id).ToListAsync(ct);
            var (attributes, errors) = Validate(edit, categories);
            if (errors.Count > 0)
            {
                return new Outcome.Invalid(errors);
            }
            await using var transaction = await db.BeginWriteAsync(ct);
            var product = await db.Set<Product>().FirstOrDefaultAsync(p => p.Sku == sku, ct);
            if (product is null)
            {
                return new Outcome.NotFound();
            }
            await ApplyAsync(product, edit, attributes, ct);
            audit.Append("ProductEdited", null, actor, new { product.Sku, product.Name, status = product.Status.ToString(), price = product.PriceAmount });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await changes.ProductsChangedAsync([], ct); // this instance's search shows it at once
            return new Outcome.Saved(product.Sku);
        }

        /// <summary>Writes the edited fields (the CSV import shares it). The caller saves and commits.</summary>
        internal async Task ApplyAsync(Product product, ProductEdit edit, List<(string Name, string Value)> attributes, CancellationToken ct)
        {
            product.Name = edit.Name.Trim();
            product.PriceAmount = edit.PriceAmount;
            product.Status = edit.Status;
            product.Description = Blank(edit.Description?.Trim());
            product.Brand = Blank(edit.Brand?.Trim());
            product.CategoryId = edit.CategoryId;
            product.CompareAtPriceAmount = edit.CompareAtPriceAmount;
            product.Featured = edit.Featured;
            product.VariantGroup = Blank(edit.VariantGroup?.Trim());
            product.VariantLabel = Blank(edit.VariantLabel?.Trim());
            if (product.LowStockThreshold != edit.LowStockThreshold)
            {
                product.LowStockThreshold = edit.LowStockThreshold;
                await thresholds.SetLowStockThresholdAsync(product.Id, edit.LowStockThreshold, ct);
            }
            product.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await db.Set<ProductAttribute>().Where(a => a.ProductId == product.Id).ExecuteDeleteAsync(ct);
            db.Set<ProductAttribute>().AddRange(attributes.Select((a, i) => new ProductAttribute { ProductId = product.Id, Name = a.Name, Value = a.Value, Position = i }));
        }

        private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
