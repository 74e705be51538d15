using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>
/// A real Orderly server process (the built orderly.dll) on its own loopback port, for tests that
/// kill instances the hard way (SIGKILL) and start them again.
/// </summary>
internal sealed class OrderlyProcess : IDisposable
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private Process? _process;

    public OrderlyProcess(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        Port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public int Port { get; }
    public Uri BaseAddress { get; }
    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        var startInfo = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "orderly.dll"));
        startInfo.ArgumentList.Add($"--urls={BaseAddress}");
        // Load from one loopback address is the point of these tests; a test's settings may turn it back on.
        startInfo.Environment["RateLimits__Enabled"] = "false";
        foreach (var (key, value) in _settings)
        {
            if (value is not null)
            {
                startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start orderly.dll.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"orderly.dll on port {Port} exited with code {_process.ExitCode} while starting.");
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
        throw new TimeoutException($"orderly.dll on port {Port} was not ready within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
    }

    /// <summary>kill -9: no shutdown hooks, no flush, in-flight work abandoned.</summary>
    public void KillHard()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        KillHard();
        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
