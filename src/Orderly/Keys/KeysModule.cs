using Orderly.Hosting;
using Orderly.Keys.Contracts;

namespace Orderly.Keys;

/// <summary>
/// Keys. Owns: the encrypted code pool and the key ring (tables keys_*). Publishes: KeysImported.
/// Depends on: Catalog (product lookups), Inventory (imported codes become available stock).
/// </summary>
public static class KeysModule
{
    public static IHostApplicationBuilder AddKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KeysOptions>().Bind(builder.Configuration.GetSection(KeysOptions.Section));
        builder.Services.AddSingleton<KeyRing>();
        // Loads (on first start: creates) the data key before anything encrypts inside a transaction.
        builder.Services.AddHostedService<KeyRingWarmup>();
        builder.Services.AddScoped<IKeyImporter, KeyImporter>();
        builder.Services.AddScoped<IKeyAllocator, KeyAllocator>();
        builder.Services.AddScoped<IKeyVault, KeyVault>();
        builder.Services.AddScoped<IKeyRevocation, RevokeKeys>();
        builder.Services.AddScoped<IKeyLookup, KeyLookup>();
        builder.Services.AddSingleton<IKeyTokens, KeyTokens>();
        builder.Services.AddSingleton<ISecretSealer, SecretSealer>();
        builder.Services.AddScoped<ImportKeys.Handler>();
        builder.Services.AddScoped<CountKeys.Handler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapKeys(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(HostingModule.AdminPolicy).WithTags("Keys");
        admin.MapPost("/products/{sku}/keys", ImportKeys.EndpointAsync).WithName("ImportKeys")
            .Accepts<string>("text/plain", "text/csv").WithBodyLimit(50L * 1024 * 1024);
        admin.MapPost("/keys/{id:guid}/reveal", RevealKey.HandleAsync).WithName("RevealKey");
        return app;
    }
}
