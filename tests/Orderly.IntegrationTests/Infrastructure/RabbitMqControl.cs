using System.Diagnostics;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>
/// Stops and starts the broker test.sh runs (<c>rabbitmqctl stop_app</c> / <c>start_app</c>: every
/// connection drops; durable exchanges, queues and persistent messages survive). Tests that do this
/// and tests that publish share the <see cref="RabbitMqCollection"/>, so they never overlap.
/// </summary>
internal static class RabbitMqControl
{
    public static string Url => Environment.GetEnvironmentVariable("ORDERLY_TEST_RABBITMQ")
        ?? throw new InvalidOperationException("No RabbitMQ configured (ORDERLY_TEST_RABBITMQ): run ./test.sh, it starts one.");

    public static Task StopAsync() => RunAsync("stop_app");

    public static Task StartAsync() => RunAsync("start_app");

    private static async Task RunAsync(string command)
    {
        var ctl = Environment.GetEnvironmentVariable("ORDERLY_TEST_RABBITMQCTL")
            ?? throw new InvalidOperationException("ORDERLY_TEST_RABBITMQCTL is not set: run ./test.sh, it writes one.");
        var startInfo = new ProcessStartInfo(ctl) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(command);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not run rabbitmqctl.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {command} exited with {process.ExitCode}: {await output} {await error}");
        }
    }
}

/// <summary>
/// Runs alone, after the parallel tests: a broker restart here must not hit the other tests, which
/// in the PostgreSQL pass all use the RabbitMQ transport.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RabbitMqCollection
{
    public const string Name = "RabbitMQ";
}
