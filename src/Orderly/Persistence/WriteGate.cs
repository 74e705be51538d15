using System.Data;
using Microsoft.EntityFrameworkCore.Storage;

namespace Orderly.Persistence;

/// <summary>
/// Orders the writers of this process. SQLite has one writer at a time; left to itself, a waiting
/// writer polls the lock with sleeps of up to 100 ms (SQLite's busy handler), which turns contention
/// into long tails. Queuing writers here instead hands the lock over the moment it is free, in
/// arrival order. A provider with row locks (PostgreSQL) gets the no-op gate.
/// </summary>
public interface IWriteGate
{
    ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken);

    /// <summary>How many write transactions of this process can usefully be in flight at once.</summary>
    int ConcurrentWriters { get; }
}

public sealed class SingleWriterGate : IWriteGate, IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public int ConcurrentWriters => 1;

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken);
        return new Lease(_semaphore);
    }

    public void Dispose() => _semaphore.Dispose();

    private sealed class Lease(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}

public sealed class NoWriteGate : IWriteGate
{
    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private static readonly Nothing Instance = new();

    /// <summary>Enough to overlap one transaction's inserts with another's commit (fsync).</summary>
    public int ConcurrentWriters => 4;

    public ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable>(Instance);
}

/// <summary>A database transaction that holds the write gate until it is disposed.</summary>
internal sealed class GatedTransaction(IDbContextTransaction inner, IDisposable lease) : IDbContextTransaction
{
    public Guid TransactionId => inner.TransactionId;

    public void Commit() => inner.Commit();

    public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

    public void Rollback() => inner.Rollback();

    public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

    public void CreateSavepoint(string name) => inner.CreateSavepoint(name);

    public Task CreateSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.CreateSavepointAsync(name, cancellationToken);

    public void RollbackToSavepoint(string name) => inner.RollbackToSavepoint(name);

    public Task RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.RollbackToSavepointAsync(name, cancellationToken);

    public void ReleaseSavepoint(string name) => inner.ReleaseSavepoint(name);

    public Task ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.ReleaseSavepointAsync(name, cancellationToken);

    public bool SupportsSavepoints => inner.SupportsSavepoints;

    public void Dispose()
    {
        try
        {
            inner.Dispose();
        }
        finally
        {
            lease.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await inner.DisposeAsync();
        }
        finally
        {
            lease.Dispose();
        }
    }
}
