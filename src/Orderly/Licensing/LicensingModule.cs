using Microsoft.EntityFrameworkCore.Diagnostics;
using Orderly.Fulfillment.Contracts;
using Orderly.Hosting;
using Orderly.Licensing.Contracts;
using Orderly.Messaging;
using Orderly.Payments.Contracts;

namespace Orderly.Licensing;

/// <summary>
/// Licensing (the license server). Owns: licenses, activations, product licensing policies and the
/// lease-signing keys (tables licensing_*). Listens to: OrderFulfilled (IssueLicenses),
/// SubscriptionRenewed (RenewLicenses), SubscriptionEnded (EndLicenses). Publishes: nothing.
/// Depends on: Catalog (products), Keys (lookup tokens, sealing the signing keys), Fulfillment and
/// Payments (their events), Audit.
/// </summary>
public static class LicensingModule
{
    public static IHostApplicationBuilder AddLicensing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LicensingOptions>().Bind(builder.Configuration.GetSection(LicensingOptions.Section))
            .Validate(o => o.IsValid, "Licensing: SigningKeyRotation, MaxLeaseLifetime, SigningKeyRefresh and LastSeenFlushInterval must be positive, MaxGraceWindow and ValidationCacheSize not negative, Audience set.")
            .ValidateOnStart();
        builder.Services.AddSingleton<LeaseSigner>();
        builder.Services.AddSingleton<ActivationSightings>();
        builder.Services.AddSingleton<ValidationSnapshot>();
        builder.Services.AddSingleton<IInterceptor>(sp => new ValidationSnapshot.AfterCommit(sp.GetRequiredService<ValidationSnapshot>()));
        builder.Services.AddHostedService<FlushActivationSightings>();
        builder.Services.AddSingleton<ActivationBatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ActivationBatcher>());
        builder.Services.AddScoped<ILicenses, Licenses>();
        builder.Services.AddScoped<ConfigureLicensing.Handler>();
        builder.Services.AddScoped<ActivateLicense.Handler>();
        builder.Services.AddScoped<DeactivateLicense.Handler>();
        builder.Services.AddSingleton<ValidateLicense.Handler>();
        builder.Services.AddScoped<ChangeLicenseStatus.Handler>();
        builder.Services.AddMessageHandler<OrderFulfilled, IssueLicenses>();
        builder.Services.AddMessageHandler<SubscriptionRenewed, RenewLicenses>();
        builder.Services.AddMessageHandler<SubscriptionEnded, EndLicenses>();
        // Activation churn: per client address in front of the endpoint, and per license key once
        // the body is read (a leaked key used from many addresses).
        builder.AddRateLimitPolicy(LicenseLookup.AddressPolicy, RateLimits.ClientIp,
            new RateLimitPolicyOptions { Limit = 30, Period = TimeSpan.FromMinutes(1), Burst = 20 });
        // Validation is routine (each site once per revalidation interval), so its budget is wide;
        // it still bounds how fast one address can try keys.
        builder.AddRateLimitPolicy(LicenseLookup.ValidationPolicy, RateLimits.ClientIp,
            new RateLimitPolicyOptions { Limit = 600, Period = TimeSpan.FromMinutes(1), Burst = 120 });
        builder.AddRateLimitBudget(LicenseLookup.KeyBudget,
            new RateLimitPolicyOptions { Limit = 10, Period = TimeSpan.FromHours(1), Burst = 10 });
        return builder;
    }

    public static IEndpointRouteBuilder MapLicensing(this IEndpointRouteBuilder app)
    {
        var licenses = app.MapGroup("/api/licenses").WithTags("Licensing");
        licenses.MapPost("/activate", ActivateLicense.EndpointAsync).WithName("ActivateLicense").WithRateLimit(LicenseLookup.AddressPolicy);
        licenses.MapPost("/deactivate", DeactivateLicense.EndpointAsync).WithName("DeactivateLicense").WithRateLimit(LicenseLookup.AddressPolicy);
        licenses.MapPost("/validate", ValidateLicense.EndpointAsync).WithName("ValidateLicense").WithRateLimit(LicenseLookup.ValidationPolicy);
        app.MapGet("/.well-known/jwks.json", GetJwks.HandleAsync).WithTags("Licensing").WithName("LicenseJwks");

        var admin = app.MapGroup("/api/admin").RequireAuthorization(HostingModule.AdminPolicy).WithTags("Licensing");
        admin.MapPut("/products/{sku}/licensing", ConfigureLicensing.EndpointAsync).WithName("ConfigureLicensing");
        admin.MapGet("/licenses", ListLicenses.HandleAsync).WithName("ListLicenses");
        admin.MapGet("/licenses/{id:guid}/activations", ListLicenses.ActivationsAsync).WithName("ListLicenseActivations");
        admin.MapPost("/licenses/{id:guid}/suspend", ChangeLicenseStatus.SuspendAsync).WithName("SuspendLicense");
        admin.MapPost("/licenses/{id:guid}/reinstate", ChangeLicenseStatus.ReinstateAsync).WithName("ReinstateLicense");
        admin.MapPost("/licenses/{id:guid}/reset-activations", ResetActivations.HandleAsync).WithName("ResetLicenseActivations");
        admin.MapPost("/licensing/signing-keys/rotate", RotateSigningKey.HandleAsync).WithName("RotateLicenseSigningKey");
        return app;
    }
}
