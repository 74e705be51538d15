using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Orderly.Persistence.Sqlite;

/// <summary>Used by <c>dotnet ef migrations add</c> only.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SqliteOrderlyDbContext>
{
    public SqliteOrderlyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteOrderlyDbContext>().UseSqlite("Data Source=design.db").Options, new NoWriteGate());
}
