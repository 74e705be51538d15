using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>
/// Admin: reads a product CSV (the columns of <see cref="ExportProductsCsv"/>) and upserts by SKU.
/// Every line is checked first; a bad line is rejected with its reason and the good ones are written
/// together in one transaction, so an import never stops half-way. Audited; bumps UpdatedAt.
/// </summary>
public static class ImportProductsCsv
{
    public const long MaxBytes = 20 * 1024 * 1024;

    public enum LineResult { Created, Updated, Rejected }

    /// <param name="Number">The record's row in the file (the header is row 1; a quoted field may span lines).</param>
    public sealed record Line(int Number, string Sku, LineResult Result, string? Reason);

    public sealed record Report(IReadOnlyList<Line> Lines, string? FileError)
    {
        public int Count(LineResult result) => Lines.Count(l => l.Result == result);
    }

    internal sealed class Handler(OrderlyDbContext db, ICatalogChanges changes, SaveProduct.Handler save, IStockLedger ledger, IAuditLog audit, TimeProvider time)
    {
        public async Task<Report> HandleAsync(TextReader content, string actor, CancellationToken ct)
        {
            List<Dictionary<string, string>> rows;
            try
            {
                rows = Read(content);
            }
            catch (CsvHelperException e)
            {
                return new Report([], $"The file is not a readable CSV ({e.GetType().Name}).");
            }
            if (rows.Count == 0 || !rows[0].ContainsKey("sku"))
            {
                return new Report([], "The file needs a header line with at least the columns sku, name and price (export a CSV to see them all).");
            }

            var lines = new List<Line>();
            await using var transaction = await db.BeginWriteAsync(ct);
            var categories = await db.Set<Category>().AsNoTracking().ToDictionaryAsync(c => c.Slug, c => c.Id, StringComparer.OrdinalIgnoreCase, ct);
            var skus = rows.Select(r => r.GetValueOrDefault("sku", "").Trim()).ToList();
            var existing = await db.Set<Product>().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, StringComparer.Ordinal, ct);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var now = time.GetUtcNow();
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var number = i + 2;
                var sku = skus[i];
                if (!seen.Add(sku))
                {
                    lines.Add(new(number, sku, LineResult.Rejected, "the SKU appears on an earlier line"));
                    continue;
                }
                var (edit, fieldErrors) = ToEdit(row, existing.GetValueOrDefault(sku), categories);
                if (!row.ContainsKey("attributes") && existing.GetValueOrDefault(sku) is { } kept)
                {
                    // No attributes column: the product keeps the ones it has.
                    edit = edit with
                    {
                        AttributesText = string.Join('\n', await db.Set<ProductAttribute>().Where(x => x.ProductId == kept.Id).OrderBy(x => x.Position)
                            .Select(x => x.Name + ": " + x.Value).ToListAsync(ct)),
                    };
                }
                var (attributes, errors) = SaveProduct.Validate(edit, categories.Values.ToList());
                errors.InsertRange(0, fieldErrors);
                Product? product = existing.GetValueOrDefault(sku);
                if (product is null && errors.Count == 0)
                {
                    var request = new CreateProductRequest(sku, edit.Name, Cell(row, "kind"), Cell(row, "delivery") is "shipment" ? null : Cell(row, "delivery"),
                        new PriceRequest(edit.PriceAmount, Cell(row, "currency")?.ToUpperInvariant() ?? "EUR"), Cell(row, "key_source") is null or "none" ? null : Cell(row, "key_source"),
                        row.TryGetValue("key_pattern", out var pattern) && !string.IsNullOrWhiteSpace(pattern) ? pattern.Trim() : null, edit.LowStockThreshold);
                    (product, var createErrors) = CreateProduct.Decide(request, Guid.CreateVersion7(now), now.UtcDateTime);
                    errors.AddRange(createErrors);
                }
                if (errors.Count > 0 || product is null)
                {
                    lines.Add(new(number, sku, LineResult.Rejected, string.Join("; ", errors.Select(e => $"{e.Field} {e.Message.TrimEnd('.')}"))));
                    continue;
                }
                var created = !existing.ContainsKey(sku);
                if (created)
                {
                    db.Set<Product>().Add(product);
                    ledger.Track(product.Id, product.Sku, product.LowStockThreshold,
                        product.KeySource == KeySource.Generator || product.Delivery == DeliveryKind.File);
                    // The product row must exist before its attributes are replaced.
                    await db.SaveChangesAsync(ct);
                }
                await save.ApplyAsync(product, edit, attributes, ct);
                lines.Add(new(number, sku, created ? LineResult.Created : LineResult.Updated, null));
            }
            var report = new Report(lines, null);
            audit.Append("ProductsImported", null, actor, new
            {
                created = report.Count(LineResult.Created), updated = report.Count(LineResult.Updated), rejected = report.Count(LineResult.Rejected),
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await changes.ProductsChangedAsync([], ct); // this instance's search shows it at once
            return report;
        }

        private static List<Dictionary<string, string>> Read(TextReader content)
        {
            var config = new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
                MissingFieldFound = null,
                BadDataFound = null,
                DetectDelimiter = true,
            };
            using var csv = new CsvReader(content, config);
            var rows = new List<Dictionary<string, string>>();
            if (!csv.Read() || !csv.ReadHeader())
            {
                return rows;
            }
            var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
            while (csv.Read())
            {
                var row = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var c = 0; c < header.Length; c++)
                {
                    row[header[c]] = csv.GetField(c) ?? "";
                }
                rows.Add(row);
            }
            return rows;
        }

        /// <summary>A row's storefront fields; columns left out of the file keep the product's current value.</summary>
        private static (ProductEdit Edit, List<ValidationError> Errors) ToEdit(Dictionary<string, string> row, Product? current, Dictionary<string, Guid> categories)
        {
            var errors = new List<ValidationError>();
            long? Money(string column, long? fallback)
            {
                if (!row.TryGetValue(column, out var text))
                {
                    return fallback;
                }
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }
                if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0 && decimal.Round(value, 2) == value)
                {
                    return (long)(value * 100m);
                }
                errors.Add(new(column, "must be an amount like 19.99."));
                return fallback;
            }
            string? Text(string column, string? fallback) => row.TryGetValue(column, out var v) ? (string.IsNullOrWhiteSpace(v) ? null : v.Trim()) : fallback;

            var price = Money("price", current?.PriceAmount);
            if (price is null)
            {
                errors.Add(new("price", "is required."));
            }
            var status = Text("status", current is null ? "draft" : current.Status == ProductStatus.Published ? "published" : "draft") switch
            {
                "published" => ProductStatus.Published,
                "draft" or null => ProductStatus.Draft,
                var other => Invalid<ProductStatus>(errors, "status", $"'{other}' is neither 'published' nor 'draft'."),
            };
            Guid? categoryId = current?.CategoryId;
            if (row.TryGetValue("category", out var slug))
            {
                categoryId = string.IsNullOrWhiteSpace(slug) ? null
                    : categories.TryGetValue(slug.Trim(), out var id) ? id
                    : Invalid<Guid?>(errors, "category", $"'{slug.Trim()}' is not a category slug.");
            }
            var featured = Text("featured", current?.Featured == true ? "true" : "false")?.ToLowerInvariant() is "true" or "yes" or "1";
            var threshold = current?.LowStockThreshold ?? 10;
            if (Text("low_stock_threshold", null) is { } t && !int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out threshold))
            {
                errors.Add(new("low_stock_threshold", "must be a whole number."));
            }
            var attributes = row.TryGetValue("attributes", out var a) ? a.Replace(ExportProductsCsv.AttributeSeparator.Trim(), "\n", StringComparison.Ordinal) : null;
            var edit = new ProductEdit(Text("name", current?.Name) ?? "", price ?? 0, status, Text("description", current?.Description), Text("brand", current?.Brand),
                categoryId, Money("compare_at_price", current?.CompareAtPriceAmount), featured, Text("variant_group", current?.VariantGroup),
                Text("variant_label", current?.VariantLabel), threshold, attributes);
            return (edit, errors);
        }

        private static T Invalid<T>(List<ValidationError> errors, string field, string message)
        {
            errors.Add(new(field, message));
            return default!;
        }

        private static string? Cell(Dictionary<string, string> row, string column) =>
            row.TryGetValue(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim().ToLowerInvariant() : null;
    }
}
