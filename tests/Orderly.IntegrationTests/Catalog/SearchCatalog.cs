using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.Catalog;
using Orderly.Catalog.Contracts;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Catalog;

/// <summary>
/// Products for the search tests: created through the API, then given merchandising fields
/// (brand, description, category, status) straight in the database, the way a product edit
/// writes them: <c>UpdatedAt</c> moves, and the app that made the change signals it.
/// </summary>
internal static class SearchCatalog
{
    public static async Task AddAsync(OrderlyApp app, string sku, string name, string? brand = null, long price = 1500,
        string? description = null, string? categorySlug = null)
    {
        var response = await app.CreateProductAsync(sku, keySource: "generator", keyPattern: "SRCH-XXXXX-XXXXX", price: price);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await EditAsync(app, sku, p =>
        {
            p.Name = name;
            p.Brand = brand;
            p.Description = description;
        }, categorySlug);
    }

    /// <summary>Changes a product and bumps <c>UpdatedAt</c>; <paramref name="signal"/> false leaves it to the other instances' poll.</summary>
    public static async Task EditAsync(OrderlyApp app, string sku, Action<Product> edit, string? categorySlug = null, bool signal = true)
    {
        var id = await app.QueryAsync(async db =>
        {
            var product = await db.Set<Product>().SingleAsync(p => p.Sku == sku);
            edit(product);
            if (categorySlug is not null)
            {
                product.CategoryId = (await db.Set<Category>().SingleAsync(c => c.Slug == categorySlug)).Id;
            }
            product.UpdatedAt = TimeProvider.System.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
            return product.Id;
        });
        if (signal)
        {
            await app.Services.GetRequiredService<ICatalogChanges>().ProductsChangedAsync([id], CancellationToken.None);
        }
    }

    public static Task<Guid> AddCategoryAsync(OrderlyApp app, string slug, string name, Guid? parentId = null) =>
        app.QueryAsync(async db =>
        {
            var category = new Category { Id = Guid.NewGuid(), Slug = slug, Name = name, ParentId = parentId, CreatedAt = TimeProvider.System.GetUtcNow().UtcDateTime };
            db.Set<Category>().Add(category);
            await db.SaveChangesAsync();
            return category.Id;
        });

    public static Task<ProductSearchResult> SearchAsync(OrderlyApp app, string? q, string[]? categories = null) =>
        app.Services.GetRequiredService<IProductSearch>().SearchAsync(new ProductSearchRequest(q, Categories: categories), CancellationToken.None);

    /// <summary>Polls until the app's search gives the expected answer (another instance's change arrives by polling).</summary>
    public static async Task<ProductSearchResult> WaitForAsync(OrderlyApp app, string? q, Func<ProductSearchResult, bool> expected, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(15);
        ProductSearchResult result;
        do
        {
            result = await SearchAsync(app, q);
            if (expected(result))
            {
                return result;
            }
            await Task.Delay(50);
        }
        while (TimeProvider.System.GetUtcNow() < deadline);
        throw new TimeoutException($"Timed out waiting until {what}; last answer: {string.Join(", ", result.Hits.Select(h => h.Name))}");
    }
}
