using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orderly.Persistence.Postgres;

/// <summary>
/// Turns a SELECT tagged with a <see cref="RowLocks"/> tag into a locking one:
/// <see cref="RowLocks.SkipLocked"/> → <c>SELECT … FOR UPDATE SKIP LOCKED</c> (concurrent claimers,
/// key allocators on several instances, each take different rows instead of queuing on, or fighting
/// over, the same first ones); <see cref="RowLocks.ForUpdate"/> → <c>SELECT … FOR UPDATE</c> (a
/// read-modify-write waits for the row's other writer to commit, then reads what it wrote).
/// </summary>
internal sealed class RowLockInterceptor : DbCommandInterceptor
{
    // EF Core writes tags as leading SQL comments.
    private const string SkipLockedTag = "-- " + RowLocks.SkipLocked;
    private const string ForUpdateTag = "-- " + RowLocks.ForUpdate;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Apply(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Apply(command);
        return ValueTask.FromResult(result);
    }

    private static void Apply(DbCommand command)
    {
        if (command.CommandText.StartsWith(SkipLockedTag, StringComparison.Ordinal))
        {
            command.CommandText = command.CommandText.TrimEnd().TrimEnd(';') + " FOR UPDATE SKIP LOCKED";
        }
        else if (command.CommandText.StartsWith(ForUpdateTag, StringComparison.Ordinal))
        {
            command.CommandText = command.CommandText.TrimEnd().TrimEnd(';') + " FOR UPDATE";
        }
    }
}
