using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Orderly.Persistence.Postgres;

/// <summary>The scale-out source of truth. Its migrations live in Persistence/Postgres/Migrations.</summary>
public sealed class PostgresOrderlyDbContext(DbContextOptions<PostgresOrderlyDbContext> options, IWriteGate writeGate) : OrderlyDbContext(options, writeGate);

/// <summary>Used by <c>dotnet ef migrations add ... --context PostgresOrderlyDbContext</c> only (no connection is opened).</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresOrderlyDbContext>
{
    public PostgresOrderlyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresOrderlyDbContext>().UseNpgsql("Host=localhost;Database=orderly_design").Options, new NoWriteGate());
}
