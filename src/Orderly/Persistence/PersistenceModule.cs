using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Persistence.Postgres;
using Orderly.Persistence.Sqlite;

namespace Orderly.Persistence;

/// <summary>
/// Registers the database. Owns: the unit of work and migrations. Depends on: nothing in modules.
/// The provider is configuration (<c>Database:Provider</c> = <c>sqlite</c> (default) or
/// <c>postgres</c> with <c>ConnectionStrings:Postgres</c>), never an <c>if</c> in business code.
/// </summary>
public static class PersistenceModule
{
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        // First of all hosted services, not just before this module's: data protection's own hosted
        // service (registered by AddAuthentication, earlier) reads the key ring from the database at
        // start, and before the first migration the table is not there yet.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseMigrator>());
        // Instances keep nothing of their own on disk: shared secrets and data-protection keys
        // live in the database.
        builder.Services.AddSingleton<ISharedSecrets, DatabaseSharedSecrets>();
        builder.Services.AddDataProtection().SetApplicationName("Orderly").PersistKeysToDbContext<OrderlyDbContext>();
        var provider = (builder.Configuration["Database:Provider"] ?? "sqlite").ToLowerInvariant();
        switch (provider)
        {
            case "sqlite":
                AddSqlite(builder);
                break;
            case "postgres" or "postgresql":
                AddPostgres(builder);
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use 'sqlite' (default) or 'postgres'.");
        }
        return builder;
    }

    // Options are built once (optionsLifetime: Singleton), not per scope: every request and
    // every outbox handler run opens a scope, and rebuilding the options showed in profiles.
    private static void AddSqlite(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SqlitePragmas>();
        builder.Services.AddSingleton<IWriteGate, SingleWriterGate>();
        builder.Services.AddSingleton<Messaging.IOutboxClaim, Messaging.SingleWriterOutboxClaim>();
        builder.Services.AddDbContext<SqliteOrderlyDbContext>((services, options) =>
        {
            var orderly = services.GetRequiredService<IOptions<OrderlyOptions>>().Value;
            var connectionString = builder.Configuration.GetConnectionString("Sqlite")
                ?? $"Data Source={Path.Combine(orderly.ResolveDataDir(), "orderly.db")};Default Timeout=30;Pooling=True";
            options.UseSqlite(connectionString).AddInterceptors(services.GetRequiredService<SqlitePragmas>());
            options.AddInterceptors(services.GetServices<IInterceptor>());
        }, optionsLifetime: ServiceLifetime.Singleton);
        builder.Services.AddScoped<OrderlyDbContext>(sp => sp.GetRequiredService<SqliteOrderlyDbContext>());
        builder.Services.AddHealthChecks().AddDbContextCheck<SqliteOrderlyDbContext>("database", tags: ["ready"]);
    }

    private static void AddPostgres(IHostApplicationBuilder builder)
    {
        // Row locks and conditional updates decide; writers need no queue of their own.
        builder.Services.AddSingleton<IWriteGate, NoWriteGate>();
        builder.Services.AddSingleton<Messaging.IOutboxClaim, PostgresOutboxClaim>();
        builder.Services.AddDbContext<PostgresOrderlyDbContext>((services, options) =>
        {
            var connectionString = builder.Configuration.GetConnectionString("Postgres")
                ?? throw new InvalidOperationException("Database:Provider is 'postgres' but ConnectionStrings:Postgres is not set.");
            options.UseNpgsql(connectionString).AddInterceptors(new RowLockInterceptor());
            options.AddInterceptors(services.GetServices<IInterceptor>());
        }, optionsLifetime: ServiceLifetime.Singleton);
        builder.Services.AddScoped<OrderlyDbContext>(sp => sp.GetRequiredService<PostgresOrderlyDbContext>());
        builder.Services.AddHealthChecks().AddDbContextCheck<PostgresOrderlyDbContext>("database", tags: ["ready"]);
    }

    /// <summary>Applies pending migrations (start-up and <c>orderly migrate</c>).</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var orderly = services.GetRequiredService<IOptions<OrderlyOptions>>().Value;
        Directory.CreateDirectory(orderly.ResolveDataDir());
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        // Migrate only when something is pending: MigrateAsync takes EF's migration lock, and on
        // SQLite a process killed while holding it would leave every later start waiting.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
