using Microsoft.EntityFrameworkCore;

namespace Orderly.Persistence;

/// <summary>
/// The one unit of work of the process. It knows no module: each module contributes its tables
/// through <see cref="IEntityTypeConfiguration{TEntity}"/> classes in its own Persistence folder,
/// picked up from the assembly, and reaches them with <c>Set&lt;T&gt;()</c>.
/// Provider subclasses (Sqlite/, later Postgres/) own their migration sets.
/// </summary>
public abstract class OrderlyDbContext(DbContextOptions options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(OrderlyDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // All times are UTC (TimeProvider.GetUtcNow().UtcDateTime); read them back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
