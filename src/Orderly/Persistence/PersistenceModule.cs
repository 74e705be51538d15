using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Persistence.Sqlite;

namespace Orderly.Persistence;

/// <summary>
/// Registers the database. Owns: the unit of work and migrations. Depends on: nothing in modules.
/// Provider choice is configuration (<c>Database:Provider</c>), never an <c>if</c> in business code.
/// </summary>
public static class PersistenceModule
{
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration["Database:Provider"] ?? "sqlite";
        if (!string.Equals(provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported by this build; use 'sqlite'.");
        }

        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddSingleton<SqlitePragmas>();
        builder.Services.AddSingleton<IWriteGate, SingleWriterGate>();
        builder.Services.AddDbContext<SqliteOrderlyDbContext>((services, options) =>
        {
            var orderly = services.GetRequiredService<IOptions<OrderlyOptions>>().Value;
            var connectionString = builder.Configuration.GetConnectionString("Sqlite")
                ?? $"Data Source={Path.Combine(orderly.ResolveDataDir(), "orderly.db")};Default Timeout=30;Pooling=True";
            options.UseSqlite(connectionString)
                .AddInterceptors(services.GetRequiredService<SqlitePragmas>());
            foreach (var interceptor in services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>())
            {
                options.AddInterceptors(interceptor);
            }
        });
        builder.Services.AddScoped<OrderlyDbContext>(sp => sp.GetRequiredService<SqliteOrderlyDbContext>());
        builder.Services.AddHealthChecks().AddDbContextCheck<SqliteOrderlyDbContext>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>Applies pending migrations (start-up and <c>orderly migrate</c>).</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var orderly = services.GetRequiredService<IOptions<OrderlyOptions>>().Value;
        Directory.CreateDirectory(orderly.ResolveDataDir());
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
