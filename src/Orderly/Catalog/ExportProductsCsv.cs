using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Catalog;

/// <summary>
/// <c>GET /admin/products/export.csv</c> (staff): every product with its storefront fields, in the
/// columns <see cref="ImportProductsCsv"/> reads back. Prices in major units ("19.99"); attributes
/// as "Name: Value" joined by " | "; the category by slug.
/// </summary>
internal static class ExportProductsCsv
{
    public static readonly string[] Columns =
    [
        "sku", "name", "kind", "delivery", "key_source", "key_pattern", "price", "currency", "status", "brand", "category",
        "compare_at_price", "featured", "variant_group", "variant_label", "low_stock_threshold", "attributes", "description",
    ];

    public const string AttributeSeparator = " | ";

    public static async Task<IResult> HandleAsync(OrderlyDbContext db, TimeProvider time, CancellationToken ct)
    {
        var categories = await db.Set<Category>().AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Slug, ct);
        var attributes = (await db.Set<ProductAttribute>().AsNoTracking().OrderBy(a => a.Position).ToListAsync(ct))
            .ToLookup(a => a.ProductId, a => $"{a.Name}: {a.Value}");
        var products = await db.Set<Product>().AsNoTracking().OrderBy(p => p.Sku).ToListAsync(ct);

        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var column in Columns)
            {
                csv.WriteField(column);
            }
            await csv.NextRecordAsync();
            foreach (var p in products)
            {
                string?[] row =
                [
                    p.Sku, p.Name, Snake(p.Kind), Snake(p.Delivery), Snake(p.KeySource), p.KeyPattern, Major(p.PriceAmount), p.Currency, Snake(p.Status), p.Brand,
                    p.CategoryId is { } c && categories.TryGetValue(c, out var slug) ? slug : null,
                    p.CompareAtPriceAmount is { } was ? Major(was) : null, p.Featured ? "true" : "false", p.VariantGroup, p.VariantLabel,
                    p.LowStockThreshold.ToString(CultureInfo.InvariantCulture), string.Join(AttributeSeparator, attributes[p.Id]), p.Description,
                ];
                foreach (var field in row)
                {
                    csv.WriteField(field ?? "");
                }
                await csv.NextRecordAsync();
            }
        }
        var name = $"products-{time.GetUtcNow():yyyyMMdd-HHmmss}.csv";
        return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", name);
    }

    public static string Major(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Snake<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
