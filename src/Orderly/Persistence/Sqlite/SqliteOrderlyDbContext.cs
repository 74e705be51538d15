using Microsoft.EntityFrameworkCore;

namespace Orderly.Persistence.Sqlite;

/// <summary>The embedded default. Its migrations live in Persistence/Sqlite/Migrations.</summary>
public sealed class SqliteOrderlyDbContext(DbContextOptions<SqliteOrderlyDbContext> options, IWriteGate writeGate) : OrderlyDbContext(options, writeGate);
