using System.Diagnostics;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>Runs the real <c>orderly</c> command line (the built orderly.dll) as a separate process.</summary>
internal static class OrderlyCliRunner
{
    public static Task<(int ExitCode, string Output)> RunAsync(string dataDir, params string[] arguments) => RunWithInputAsync(dataDir, null, arguments);

    /// <param name="input">Written to the command's standard input (a password), which is then closed.</param>
    /// <remarks>A name of its own: as an overload of <see cref="RunAsync"/> it would take a call's first argument as the input.</remarks>
    public static async Task<(int ExitCode, string Output)> RunWithInputAsync(string dataDir, string? input, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "orderly.dll"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.ArgumentList.Add($"--Orderly:DataDir={dataDir}");
        startInfo.ArgumentList.Add("--Orderly:SeedDemoData=false");
        startInfo.ArgumentList.Add("--Orderly:AdminApiKey=" + OrderlyApp.AdminKey);
        foreach (var (key, value) in OrderlyApp.DatabaseSettings(dataDir))
        {
            startInfo.ArgumentList.Add($"--{key}={value}");
        }
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start dotnet.");
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
            process.StandardInput.Close();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
