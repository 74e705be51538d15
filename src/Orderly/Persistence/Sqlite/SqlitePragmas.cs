using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orderly.Persistence.Sqlite;

/// <summary>
/// Per-connection settings for the embedded database. WAL lets readers run beside the single
/// writer; synchronous=NORMAL is durable across process crashes in WAL mode (only an OS crash can
/// lose the last commits). Writers serialize: Microsoft.Data.Sqlite begins transactions with
/// BEGIN IMMEDIATE and waits (up to the command timeout) for the write lock.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    // journal_mode=WAL is persistent and set once by the migrator: switching modes needs an
    // exclusive lock, so issuing it on every open would fail while another connection writes.
    private const string Sql = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
