using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Orderly.Persistence;

/// <summary>
/// The one unit of work of the process. It knows no module: each module contributes its tables
/// through <see cref="IEntityTypeConfiguration{TEntity}"/> classes in its own Persistence folder,
/// picked up from the assembly, and reaches them with <c>Set&lt;T&gt;()</c>.
/// Provider subclasses (Sqlite/, later Postgres/) own their migration sets.
/// </summary>
public abstract class OrderlyDbContext(DbContextOptions options, IWriteGate writeGate) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>Data-protection keys, shared by every instance (see PersistenceModule).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Begins a write transaction. Use this, not Database.BeginTransactionAsync: it queues behind
    /// the process's other writers (see <see cref="IWriteGate"/>) and holds the gate until disposed.
    /// </summary>
    public async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var lease = await writeGate.EnterAsync(cancellationToken);
        try
        {
            return new GatedTransaction(await Database.BeginTransactionAsync(cancellationToken), lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

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
