using Orderly.Fulfillment.Contracts;
using Orderly.Library.Contracts;
using Orderly.Messaging;

namespace Orderly.Library;

/// <summary>
/// Library ("My Digital Products"). Owns: library entries and file grants (tables library_*).
/// Listens to: OrderFulfilled. Publishes: ResendDeliveryEmail. Serves: the buyer library API and downloads.
/// </summary>
public static class LibraryModule
{
    public static IHostApplicationBuilder AddLibrary(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LibraryOptions>().Bind(builder.Configuration.GetSection(LibraryOptions.Section))
            .Validate(o => o.MaxDownloads > 0 && o.DownloadLifetime > TimeSpan.Zero, "Library: MaxDownloads and DownloadLifetime must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<IFileGrants, FileGrants>();
        builder.Services.AddScoped<ILibraryLinks, LibraryLinks>();
        builder.Services.AddMessageHandler<OrderFulfilled, AddToLibrary>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLibrary(this IEndpointRouteBuilder app)
    {
        var library = app.MapGroup("/api/library").WithTags("Library");
        library.MapGet("/", BrowseLibrary.HandleAsync).WithName("BrowseLibrary");
        library.MapPost("/entries/{id:guid}/reveal", RevealLibraryCode.HandleAsync).WithName("RevealLibraryCode");
        library.MapGet("/export.csv", ExportLibrary.HandleAsync).WithName("ExportLibrary");
        library.MapPost("/orders/{orderId:guid}/resend", ResendDelivery.HandleAsync).WithName("ResendDelivery");
        app.MapGet("/downloads/{token}", DownloadFile.HandleAsync).WithTags("Library").WithName("Download");
        app.MapGet("/library", ShowLibraryPage.HandleAsync).WithTags("Library").WithName("LibraryPage").ExcludeFromDescription();
        return app;
    }
}
