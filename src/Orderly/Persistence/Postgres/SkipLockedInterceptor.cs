using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orderly.Persistence.Postgres;

/// <summary>
/// Turns a SELECT tagged with <see cref="RowLocks.SkipLocked"/> into
/// <c>SELECT … FOR UPDATE SKIP LOCKED</c>: concurrent claimers (key allocators on several
/// instances) each take different rows instead of queuing on, or fighting over, the same first ones.
/// </summary>
internal sealed class SkipLockedInterceptor : DbCommandInterceptor
{
    // EF Core writes tags as leading SQL comments.
    private const string Tag = "-- " + RowLocks.SkipLocked;

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
        if (command.CommandText.StartsWith(Tag, StringComparison.Ordinal))
        {
            command.CommandText = command.CommandText.TrimEnd().TrimEnd(';') + " FOR UPDATE SKIP LOCKED";
        }
    }
}
