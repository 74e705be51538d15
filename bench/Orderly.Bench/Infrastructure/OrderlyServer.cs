using System.Diagnostics;
using System.Net;

namespace Orderly.Bench.Infrastructure;

/// <summary>
/// The real server (Release <c>orderly.dll</c>, Production environment) as a child process on a
/// free loopback port. Settings, in order: the bench's own, the database's, <c>ORDERLY_BENCH_SETTINGS</c>
/// ('|'-separated <c>Name=value</c>), then the scenario's overrides.
/// </summary>
internal sealed class OrderlyServer : IAsyncDisposable
{
    public const string WebhookSecret = "whsec_bench";
    public const string AdminKey = "oak_bench_admin_key";

    private readonly Process _process;

    private OrderlyServer(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <param name="arguments">Extra command-line arguments of the server (e.g. <c>--demo-size 10000</c>).</param>
    public static async Task<OrderlyServer> StartAsync(BenchDatabase database, IReadOnlyDictionary<string, string>? overrides = null, IReadOnlyList<string>? arguments = null)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var startInfo = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "orderly.dll"));
        startInfo.ArgumentList.Add($"--urls={baseUrl}");
        foreach (var argument in arguments ?? [])
        {
            startInfo.ArgumentList.Add(argument);
        }
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Orderly__AdminApiKey"] = AdminKey,
            ["Orderly__SeedDemoData"] = "false",
            ["Orderly__PublicBaseUrl"] = baseUrl,
            ["Payments__Stripe__WebhookSecret"] = WebhookSecret,
            ["Logging__LogLevel__Default"] = "Warning",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // Every simulated buyer comes from one loopback address; ORDERLY_BENCH_SETTINGS can turn them back on.
            ["RateLimits__Enabled"] = "false",
        };
        foreach (var (name, value) in database.Settings())
        {
            settings[name] = value;
        }
        foreach (var (name, value) in EnvironmentSettings())
        {
            settings[name] = value;
        }
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[name] = value;
        }
        foreach (var (name, value) in settings)
        {
            startInfo.Environment[name] = value;
        }
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start orderly");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[orderly] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new OrderlyServer(process, baseUrl);
        await server.WaitReadyAsync();
        Console.WriteLine($"server     {baseUrl}, provider {database.Provider}, roles {(settings.TryGetValue("Orderly__Roles", out var roles) ? roles : "web,worker")}");
        return server;
    }

    /// <summary><c>ORDERLY_BENCH_SETTINGS</c>: extra server settings, '|'-separated <c>Name=value</c>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> EnvironmentSettings()
    {
        foreach (var setting in (Environment.GetEnvironmentVariable("ORDERLY_BENCH_SETTINGS") ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = setting.Split('=', 2);
            yield return new(pair[0], pair.Length > 1 ? pair[1] : "");
        }
    }

    public HttpClient CreateClient(int connections)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(BaseUrl),
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        return http;
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 600; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"orderly exited with code {_process.ExitCode} while starting");
            }
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("Orderly did not become ready in 60 s.");
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
