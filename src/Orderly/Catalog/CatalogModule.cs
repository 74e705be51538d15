using Orderly.Catalog.Contracts;
using Orderly.Catalog.Search;
using Orderly.Hosting;

namespace Orderly.Catalog;

/// <summary>
/// Catalog. Owns: products and their files (table catalog_products, files under DataDir/files).
/// Publishes: nothing yet. Depends on: Inventory (starts tracking stock), Keys (pattern rules).
/// </summary>
public static class CatalogModule
{
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CatalogOptions>().Bind(builder.Configuration.GetSection(CatalogOptions.Section))
            .Validate(o => o.SnapshotTtl >= TimeSpan.Zero, "Catalog: SnapshotTtl must not be negative.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ProductSnapshots>();
        builder.Services.AddScoped<IProductCatalog, ProductCatalog>();
        builder.Services.AddScoped<ICodeRefundPolicy, SetRefundPolicy.Policy>();
        builder.Services.AddScoped<CreateProduct.Handler>();
        builder.Services.AddScoped<SeedDemoCatalog>();
        builder.Services.AddHostedService<DemoCatalogSeeder>();
        builder.Services.AddProductSearch(builder.Configuration);
        return builder;
    }

    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/products", ListProducts.HandleAsync).WithTags("Catalog").WithName("ListPublicProducts");
        app.MapProductSearch();

        var admin = app.MapGroup("/api/admin/products").RequireAuthorization(HostingModule.AdminPolicy).WithTags("Catalog");
        admin.MapPost("/", CreateProduct.EndpointAsync).WithName("CreateProduct");
        admin.MapGet("/", ListProducts.HandleAsync).WithName("ListProducts");
        admin.MapGet("/{sku}", ListProducts.GetAsync).WithName("GetProduct");
        admin.MapPut("/{sku}/file", UploadProductFile.HandleAsync).WithName("UploadProductFile")
            .WithBodyLimit(UploadProductFile.MaxBytes).Accepts<Stream>("application/octet-stream");
        admin.MapGet("/{sku}/refund-policy", SetRefundPolicy.GetAsync).WithName("GetRefundPolicy");
        admin.MapPut("/{sku}/refund-policy", SetRefundPolicy.PutAsync).WithName("SetRefundPolicy");
        return app;
    }
}
