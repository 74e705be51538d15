using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using Npgsql;

namespace Orderly.Bench.Infrastructure;

/// <summary>
/// The physical reference: <c>pgbench</c> against a throwaway database on the same PostgreSQL,
/// in the same run. Latency percentiles come from pgbench's per-transaction log.
/// </summary>
internal static class Pgbench
{
    public const string Binary = "/usr/bin/pgbench";

    /// <summary>
    /// Creates a database, runs <paramref name="setupSql"/> in it, then runs <paramref name="script"/>
    /// with <paramref name="clients"/> clients for <paramref name="duration"/>; drops the database.
    /// Returns null (and says why) when pgbench or the server is not there.
    /// </summary>
    public static async Task<LoadResult?> RunAsync(string name, string server, string setupSql, string script, int clients, TimeSpan duration)
    {
        var binary = File.Exists(Binary) ? Binary : "pgbench";
        string database;
        try
        {
            database = await BenchDatabase.CreatePostgresDatabaseAsync(server, "orderly_bench_ref");
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
        {
            Console.WriteLine($"  {name}: skipped, PostgreSQL not reachable ({ex.Message})");
            return null;
        }
        var work = Path.Combine(Path.GetTempPath(), "orderly-bench", "pgbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            await using (var connection = new NpgsqlConnection($"{server};Database={database};Pooling=false"))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(setupSql, connection);
                await command.ExecuteNonQueryAsync();
            }
            var scriptFile = Path.Combine(work, "script.sql");
            await File.WriteAllTextAsync(scriptFile, script);
            var builder = new NpgsqlConnectionStringBuilder(server);
            var startInfo = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
            foreach (var arg in new[]
            {
                "-n", "-h", builder.Host ?? "127.0.0.1", "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username ?? "postgres",
                "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                "-P", "1", "-l", $"--log-prefix={Path.Combine(work, "log")}", "-f", scriptFile, database,
            })
            {
                startInfo.ArgumentList.Add(arg);
            }
            Console.WriteLine($"  {name}: pgbench -c {clients} -j 2 -T {(int)duration.TotalSeconds} -f <{script.Trim()}>");
            Process process;
            try
            {
                process = Process.Start(startInfo)!;
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                Console.WriteLine($"  {name}: skipped, pgbench not found ({ex.Message}); apt-get install -y postgresql-client");
                return null;
            }
            using (process)
            {
                process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && line.StartsWith("progress", StringComparison.Ordinal)) Console.WriteLine($"  [{name}] {line}"); };
                process.BeginErrorReadLine();
                var output = await process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
                if (process.ExitCode != 0)
                {
                    Console.WriteLine($"  {name}: pgbench exited with {process.ExitCode}: {output}");
                    return null;
                }
                var histogram = Load.NewHistogram();
                long count = 0;
                foreach (var file in Directory.GetFiles(work, "log*"))
                {
                    foreach (var line in File.ReadLines(file))
                    {
                        // client_id transaction_no time_us script_no time_epoch time_us_fraction
                        var fields = line.Split(' ');
                        if (fields.Length > 2 && long.TryParse(fields[2], CultureInfo.InvariantCulture, out var micros))
                        {
                            histogram.RecordValue(Math.Max(1, micros));
                            count++;
                        }
                    }
                }
                var tpsLine = output.Split('\n').FirstOrDefault(l => l.StartsWith("tps = ", StringComparison.Ordinal)) ?? "";
                var tps = double.Parse(tpsLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(2) ?? "0", CultureInfo.InvariantCulture);
                var result = new LoadResult(name, count, 0, TimeSpan.FromSeconds(count / Math.Max(tps, 1e-9)), histogram);
                Console.WriteLine($"  done     {result}");
                return result;
            }
        }
        finally
        {
            await BenchDatabase.DropPostgresDatabaseAsync(server, database);
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The naive hot-SKU reservation: one row, conditional decrement, one commit each.</summary>
    public static Task<LoadResult?> NaiveDecrementAsync(string server, int clients, TimeSpan duration) =>
        RunAsync("reference: pgbench naive decrement", server,
            "CREATE TABLE stock (id int PRIMARY KEY, available bigint NOT NULL); INSERT INTO stock VALUES (1, 1000000000000);",
            "UPDATE stock SET available = available - 1 WHERE id = 1 AND available > 0;\n", clients, duration);

    /// <summary>One durable single-row INSERT per transaction: the floor of "store the event, commit".</summary>
    public static Task<LoadResult?> SingleInsertAsync(string server, int clients, TimeSpan duration) =>
        RunAsync("reference: pgbench single-row INSERT", server,
            "CREATE TABLE events (id bigserial PRIMARY KEY, event_id text NOT NULL, payload text NOT NULL, received_at timestamptz NOT NULL DEFAULT now());",
            "INSERT INTO events (event_id, payload) VALUES (md5(random()::text), repeat('x', 600));\n", clients, duration);
}
