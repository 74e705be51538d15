using Orderly.Fulfillment.Contracts;
using Orderly.Hosting;
using Orderly.Library.Contracts;
using Orderly.Messaging;

namespace Orderly.Library;

/// <summary>
/// Library ("My Digital Products"). Owns: library entries and file grants (tables library_*).
/// Listens to: OrderFulfilled. Publishes: ResendDeliveryEmail. Serves: the buyer library API and downloads (the page is Web/Library).
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
        builder.Services.AddScoped<ILibraryRevocation, RevokeLibraryAccess>();
        builder.Services.AddScoped<ILibraryRecords, ListCustomerLibrary>();
        builder.Services.AddScoped<ILibraryErasure, ForgetCustomerLibrary>();
        builder.Services.AddScoped<BrowseLibrary.Handler>();
        builder.Services.AddScoped<RevealLibraryCode.Handler>();
        builder.Services.AddScoped<ResendDelivery.Handler>();
        builder.Services.AddScoped<IOrderLibrary, FindOrderLibrary>();
        builder.Services.AddMessageHandler<OrderFulfilled, AddToLibrary>();
        // A valid token buys its customer a budget of their own, so buyers behind one address
        // (an office, a carrier's NAT) don't share one. Anything else counts against the client
        // address: a token guesser picks a new token per try, so a per-token budget would stop
        // nothing.
        builder.AddRateLimitPolicy(LibraryToken.RateLimitPolicy,
            http => LibraryToken.Customer(http.Request, http.RequestServices.GetRequiredService<UrlSigner>()) is { } customer
                ? $"customer:{customer:N}"
                : $"ip:{RateLimits.ClientIp(http)}",
            new RateLimitPolicyOptions { Limit = 120, Period = TimeSpan.FromMinutes(1), Burst = 30 });
        return builder;
    }

    public static IEndpointRouteBuilder MapLibrary(this IEndpointRouteBuilder app)
    {
        var library = app.MapGroup("/api/library").WithTags("Library").WithRateLimit(LibraryToken.RateLimitPolicy);
        library.MapGet("/", BrowseLibrary.HandleAsync).WithName("BrowseLibrary");
        library.MapPost("/entries/{id:guid}/reveal", RevealLibraryCode.HandleAsync).WithName("RevealLibraryCode");
        library.MapGet("/export.csv", ExportLibrary.HandleAsync).WithName("ExportLibrary");
        library.MapPost("/orders/{orderId:guid}/resend", ResendDelivery.HandleAsync).WithName("ResendDelivery");
        app.MapGet("/downloads/{token}", DownloadFile.HandleAsync).WithTags("Library").WithName("Download").WithRateLimit(LibraryToken.RateLimitPolicy);
        return app;
    }
}
