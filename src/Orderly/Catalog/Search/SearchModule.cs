using Orderly.Catalog.Contracts;

namespace Orderly.Catalog.Search;

/// <summary>Storefront search: the index, its upkeep and <c>GET /search/suggest</c> (autocomplete).</summary>
internal static class SearchModule
{
    public static IServiceCollection AddProductSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProductSearchOptions>().Bind(configuration.GetSection(ProductSearchOptions.Section))
            .Validate(o => o.RefreshInterval > TimeSpan.Zero, "Catalog:Search:RefreshInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<ProductIndex>();
        services.AddSingleton<IProductSearch, ProductSearch>();
        services.AddScoped<LoadIndexedProducts>();
        services.AddSingleton<SearchIndexer>();
        services.AddHostedService(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddSingleton<ICatalogChanges, CatalogChanges>();
        return services;
    }

    public static IEndpointRouteBuilder MapProductSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/search/suggest", SuggestProducts.HandleAsync).WithTags("Catalog").WithName("SuggestProducts");
        return app;
    }
}
