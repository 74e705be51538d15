using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.FileProviders;

namespace Orderly.Web;

/// <summary>
/// The web pages: storefront (Web/Store), accounts (Web/Account), the buyer library (Web/Library)
/// and the admin area (Web/Admin), rendered on the server as Razor components (static SSR: plain
/// HTML and forms, so the buying flow works without JavaScript; small scripts only add copy buttons,
/// live status and autocomplete). Pages call module handlers and Contracts, never the HTTP API and
/// never the DbContext.
/// </summary>
public static class WebModule
{
    /// <summary>Cache lifetime of the stylesheet and scripts (served from the build output, see the project file).</summary>
    private static readonly TimeSpan AssetCacheLifetime = TimeSpan.FromHours(1);

    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Store.ShopperCurrencies>();
        builder.Services.AddScoped<Admin.Reports.SalesReports>();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "orderly.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        return builder;
    }

    public static WebApplication MapWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts(); // sent on HTTPS responses only, as RFC 6797 requires
        }
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "Web", "Assets")),
            RequestPath = "/assets",
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = $"public, max-age={(int)AssetCacheLifetime.TotalSeconds}",
        });
        app.UseAntiforgery();
        app.MapRazorComponents<App>();
        app.MapPost("/account/logout", Account.SignOut.HandleAsync).ExcludeFromDescription();
        app.MapGet("/account/export", Account.ExportData.HandleAsync).RequireAuthorization(Accounts.Contracts.WebPolicies.SignedIn).ExcludeFromDescription();
        app.MapGet("/merchant/wallet.csv", Merchant.WalletCsv.HandleAsync).RequireAuthorization(Accounts.Contracts.WebPolicies.Merchant).ExcludeFromDescription();
        app.MapPost("/store/currency", Store.ShopperCurrencies.ChooseAsync).ExcludeFromDescription();
        app.MapGet("/admin/reports/{kind}.csv", Admin.Reports.ReportCsv.HandleAsync).RequireAuthorization(Accounts.Contracts.WebPolicies.Manager).ExcludeFromDescription();
        return app;
    }
}

/// <summary>
/// Headers every response gets (no MIME sniffing, no referrer beyond the origin) and, on pages,
/// a strict Content-Security-Policy: own scripts and styles only, no inline code, no framing.
/// Forms may post to this origin, and the redirects after them may go to a payment provider.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "form-action 'self' https:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        if (context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        }
        return next(context);
    }
}
