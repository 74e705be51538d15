namespace Orderly.Persistence;

/// <summary>
/// Query tags that ask the database for row locks LINQ cannot express. Business code tags a
/// query (<c>.TagWith(RowLocks.SkipLocked)</c>); the provider decides what it means: PostgreSQL
/// appends <c>FOR UPDATE SKIP LOCKED</c> or <c>FOR UPDATE</c> (see Postgres/RowLockInterceptor.cs);
/// SQLite ignores them, because its writers take turns anyway (the write gate and
/// <c>BEGIN IMMEDIATE</c>: a write transaction reads nothing another writer has not committed).
/// A tagged query must select from one table (no Include: PostgreSQL refuses to lock the nullable
/// side of an outer join) and must run inside the transaction the lock is for.
/// </summary>
public static class RowLocks
{
    /// <summary>Lock the selected rows for this transaction and skip rows another transaction holds.</summary>
    public const string SkipLocked = "orderly:for-update-skip-locked";

    /// <summary>
    /// Lock the selected rows for this transaction, waiting for another transaction that holds
    /// them: a read-modify-write then reads what the other writer committed (ADR 0030).
    /// </summary>
    public const string ForUpdate = "orderly:for-update";
}
