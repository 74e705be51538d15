namespace Orderly.Persistence;

/// <summary>
/// Query tags that ask the database for row locks LINQ cannot express. Business code tags a
/// query (<c>.TagWith(RowLocks.SkipLocked)</c>); the provider decides what it means: PostgreSQL
/// appends <c>FOR UPDATE SKIP LOCKED</c> (see Postgres/SkipLockedInterceptor.cs), SQLite, whose
/// writers take turns anyway, ignores it.
/// </summary>
public static class RowLocks
{
    /// <summary>Lock the selected rows for this transaction and skip rows another transaction holds.</summary>
    public const string SkipLocked = "orderly:for-update-skip-locked";
}
