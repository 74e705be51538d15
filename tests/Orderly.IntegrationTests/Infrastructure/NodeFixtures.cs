using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>Runs the scripts in <c>tests/fixtures/node</c>: JSON on stdin, the answer on stdout.</summary>
internal static class NodeFixtures
{
    public const string NodeFixturesVariable = "ORDERLY_TEST_NODE_FIXTURES";

    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(30);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, string script, string input)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(script);

        Process? started;
        try
        {
            started = Process.Start(startInfo);
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("Could not start node (is it on PATH?); the npm fixtures need it.", ex);
        }

        using var process = started ?? throw new InvalidOperationException("Could not start node.");
        using var timeout = new CancellationTokenSource(NodeTimeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.StandardInput.WriteAsync(input);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // node exited before reading its input (e.g. a failed import); its stderr says why.
            }

            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            TryKill(process);
            throw new TimeoutException($"node {script} did not finish within {NodeTimeout.TotalSeconds} s.");
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>
    /// <c>ORDERLY_TEST_NODE_FIXTURES</c> when set, else <c>tests/fixtures/node</c> of the checkout
    /// (found by walking up from the test binaries to the directory holding <c>Orderly.slnx</c>).
    /// </summary>
    public static string Directory(string scriptName, string package)
    {
        var configured = Environment.GetEnvironmentVariable(NodeFixturesVariable);
        var directory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(RepositoryRoot(), "tests", "fixtures", "node")
            : Path.GetFullPath(configured);

        if (!File.Exists(Path.Combine(directory, scriptName)))
        {
            throw new InvalidOperationException($"{scriptName} was not found in {directory}.");
        }

        if (!System.IO.Directory.Exists(Path.Combine(directory, "node_modules", package)))
        {
            throw new InvalidOperationException(
                $"The npm fixtures in {directory} are not installed (no node_modules/{package}): run ./test.sh (it installs the npm fixtures).");
        }

        return directory;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orderly.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"{NodeFixturesVariable} is not set and no Orderly.slnx was found above {AppContext.BaseDirectory}: run ./test.sh (it installs the npm fixtures).");
    }
}
