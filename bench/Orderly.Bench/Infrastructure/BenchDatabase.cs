using Npgsql;

namespace Orderly.Bench.Infrastructure;

/// <summary>
/// Where the server keeps its data for one run: a fresh data directory and, with PostgreSQL, a
/// throwaway database (created here, dropped on dispose). Settings are the server's environment.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _postgresServer;

    private BenchDatabase(string provider, string dataDir, string? postgresServer, string? databaseName)
    {
        Provider = provider;
        DataDir = dataDir;
        _postgresServer = postgresServer;
        DatabaseName = databaseName;
    }

    public string Provider { get; }

    public string DataDir { get; }

    public string? DatabaseName { get; }

    public string? ConnectionString => DatabaseName is null ? null : $"{_postgresServer};Database={DatabaseName}";

    public static async Task<BenchDatabase> CreateAsync(string provider, string postgresServer)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "orderly-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        if (provider != "postgres")
        {
            return new BenchDatabase(provider, dataDir, null, null);
        }
        var name = await CreatePostgresDatabaseAsync(postgresServer, "orderly_bench");
        return new BenchDatabase(provider, dataDir, postgresServer, name);
    }

    /// <summary>Creates an empty database with a fresh name on the server and returns the name.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync(string server, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection($"{server};Database=postgres;Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    public static async Task DropPostgresDatabaseAsync(string server, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection($"{server};Database=postgres;Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Server settings for this database (environment variable names, '__' for ':').</summary>
    public Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Orderly__DataDir"] = DataDir,
            ["Database__Provider"] = Provider,
        };
        if (ConnectionString is not null)
        {
            settings["ConnectionStrings__Postgres"] = ConnectionString;
        }
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        if (DatabaseName is not null)
        {
            try
            {
                await DropPostgresDatabaseAsync(_postgresServer!, DatabaseName);
            }
            catch (NpgsqlException ex)
            {
                Console.Error.WriteLine($"could not drop database {DatabaseName}: {ex.Message}");
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // left for the OS's temp cleanup
        }
    }
}
