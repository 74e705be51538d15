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
            Interlocked.Increment(ref _gateLeases);
            return new GatedTransaction(await Database.BeginTransactionAsync(cancellationToken), new Released(lease, this));
        }
        catch
        {
            Interlocked.Decrement(ref _gateLeases);
            lease.Dispose();
            throw;
        }
    }

    /// <summary>How long a save outside <see cref="BeginWriteAsync"/> waits at the gate before it goes ahead anyway (SQLite's own busy timeout then applies).</summary>
    private static readonly TimeSpan UngatedSaveWait = TimeSpan.FromSeconds(30);

    private int _gateLeases;

    /// <summary>
    /// A save outside a transaction (ASP.NET Core Identity's stores save on their own) queues at the
    /// write gate like every other writer. Left to SQLite's busy handler it would poll for the lock
    /// while the gate hands it from one queued writer straight to the next, and could wait the whole
    /// busy timeout. A context that already holds the gate (its transaction committed, not yet
    /// disposed) saves at once; a wait that lasts too long goes ahead, as before the gate existed.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null || Volatile.Read(ref _gateLeases) > 0 || !ChangeTracker.HasChanges())
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(UngatedSaveWait);
        IDisposable? lease = null;
        try
        {
            lease = await writeGate.EnterAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Waited long enough: go ahead without the gate.
        }
        using (lease)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
    }

    /// <summary>Returns the gate and tells the context it no longer holds it.</summary>
    private sealed class Released(IDisposable lease, OrderlyDbContext context) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref context._gateLeases);
                lease.Dispose();
            }
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
