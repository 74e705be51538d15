using Orderly.Accounts.Contracts;
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
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<ProductSummaries>();
        builder.Services.AddScoped<BrowseCategory.Handler>();
        builder.Services.AddScoped<ShowProduct.Handler>();
        builder.Services.AddScoped<ListHomeSections.Handler>();
        builder.Services.AddSingleton<HomeSectionsCache>();
        builder.Services.AddScoped<ListCategories.Handler>();
        builder.Services.AddScoped<ReportSalesByCategory.Handler>();
        builder.Services.AddScoped<ListAdminProducts.Handler>();
        builder.Services.AddScoped<GetProductForEdit.Handler>();
        builder.Services.AddScoped<SaveProduct.Handler>();
        builder.Services.AddScoped<SetProductStatus.Handler>();
        builder.Services.AddScoped<AddProductImage.Handler>();
        builder.Services.AddScoped<ArrangeProductImages.Handler>();
        builder.Services.AddScoped<SaveCategory.Handler>();
        builder.Services.AddScoped<DeleteCategory.Handler>();
        builder.Services.AddScoped<ImportProductsCsv.Handler>();
        builder.Services.AddScoped<SeedDemoCatalog>();
        builder.Services.AddScoped<SeedDemoStore>();
        // `--demo-size 10000` reads more naturally than `--Orderly:DemoSize=10000`.
        if (builder.Configuration["demo-size"] is { Length: > 0 } demoSize)
        {
            builder.Configuration[SeedDemoCatalog.DemoSizeKey] = demoSize;
        }
        builder.Services.AddHostedService<DemoCatalogSeeder>();
        builder.Services.AddProductSearch(builder.Configuration);
        return builder;
    }

    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/products", ListProducts.PublishedAsync).WithTags("Catalog").WithName("ListPublicProducts");
        app.MapProductSearch();
        app.MapGet("/media/products/{imageId:guid}", ServeProductImage.HandleAsync).ExcludeFromDescription();
        app.MapGet("/admin/products/export.csv", ExportProductsCsv.HandleAsync).RequireAuthorization(WebPolicies.Staff).ExcludeFromDescription();

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
