using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Orderly.Hosting;

/// <summary>
/// Platform wiring shared by every module: configuration, clock, JSON, problem+json errors, admin
/// authentication, logging, telemetry, health, OpenAPI.
/// </summary>
public static class HostingModule
{
    public const string AdminPolicy = "admin";

    /// <summary>The default authentication scheme: the admin API key when a bearer key is sent, else the web sign-in cookie.</summary>
    public const string CallerScheme = "orderly";

    public static IHostApplicationBuilder AddHosting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrderlyOptions>().Bind(builder.Configuration.GetSection(OrderlyOptions.Section))
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "Orderly:PublicBaseUrl must be an absolute URL.")
            .Validate(o => o.RunsWeb || o.RunsWorkers, "Orderly:Roles must name 'web', 'worker' or both.")
            .Validate(o => o.TryParseTrustedProxies(out _), "Orderly:TrustedProxies must list IP addresses or CIDR ranges.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);

        if (string.Equals(builder.Configuration["Orderly:LogFormat"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var problem = ctx.ProblemDetails;
            if (!problem.Extensions.ContainsKey("code"))
            {
                problem.Extensions["code"] = problem.Status switch
                {
                    400 => "request.invalid",
                    401 => "auth.unauthenticated",
                    403 => "auth.forbidden",
                    404 => "request.not_found",
                    405 => "request.method_not_allowed",
                    413 => "request.too_large",
                    415 => "request.unsupported_media_type",
                    _ => "server.error",
                };
            }
            problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
        });

        // Bad input is the caller's problem in every environment: 400 problem+json, never a 500 page.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.AddSingleton<AdminApiKey>();
        builder.Services.AddSingleton<UrlSigner>();
        builder.Services.AddScoped<HtmlComponentRenderer>();
        // Two kinds of caller: programs send a bearer key (admin or reseller API), people carry the
        // sign-in cookie of the web pages (Accounts adds the Identity cookie schemes). The default
        // picks by the request, so HttpContext.User is right on every page and every API call.
        builder.Services.AddAuthentication(CallerScheme)
            .AddPolicyScheme(CallerScheme, "API key or sign-in cookie", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.Count > 0 ? AdminApiKeyHandler.SchemeName : Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, AdminApiKeyHandler>(AdminApiKeyHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(AdminApiKeyHandler.SchemeName).RequireRole("admin"));

        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks();
        builder.AddOrderlyTelemetry();
        builder.AddRateLimits();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<OrderlyOptions>>((forwarded, orderly) =>
        {
            if (!orderly.Value.TryParseTrustedProxies(out var proxies) || proxies.Count == 0)
            {
                return; // untouched: the connection's address is the client's
            }
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = null; // walk back through every trusted hop, stop at the first untrusted one
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                forwarded.KnownIPNetworks.Add(proxy);
            }
        });
        builder.Services.AddHostedService<FirstRunBanner>();
        return builder;
    }

    public static WebApplication UseHosting(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<OrderlyOptions>>().Value.TryParseTrustedProxies(out var proxies) && proxies.Count > 0)
        {
            app.UseForwardedHeaders(); // first, so the client address is right for everything after
        }
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimits();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar");
        return app;
    }

    /// <summary>Body size limit for one endpoint (webhooks: 1 MB), enforced before the body is read.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitMetadata(bytes));

    private sealed class RequestSizeLimitMetadata(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}
