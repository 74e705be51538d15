using System.Diagnostics;
using System.Globalization;

namespace Orderly.Bench.Infrastructure;

/// <summary>What <c>wrk</c> printed: requests/s and its latency percentiles (ms).</summary>
internal sealed record WrkResult(double PerSecond, double P50, double P99)
{
    public override string ToString() => $"{PerSecond:F0} req/s, p50 {P50:F2} ms, p99 {P99:F2} ms";
}

/// <summary>
/// The host's floor with an independent generator: <c>wrk</c> on <c>/health/live</c> (Kestrel and
/// middleware, no work). Returns null when wrk is not installed (<c>apt-get install -y wrk</c>).
/// </summary>
internal static class Wrk
{
    public static async Task<WrkResult?> RunAsync(string url, int connections, TimeSpan duration)
    {
        var startInfo = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", url })
        {
            startInfo.ArgumentList.Add(arg);
        }
        Process? process;
        try
        {
            process = Process.Start(startInfo);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        if (process is null)
        {
            return null;
        }
        using (process)
        {
            Console.WriteLine($"  reference: wrk -t2 -c{connections} -d{(int)duration.TotalSeconds}s --latency {url}");
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            double perSecond = 0, p50 = double.NaN, p99 = double.NaN;
            foreach (var raw in output.Split('\n'))
            {
                var fields = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length == 2 && fields[0] == "Requests/sec:")
                {
                    perSecond = double.Parse(fields[1], CultureInfo.InvariantCulture);
                }
                else if (fields.Length == 2 && fields[0] == "50%")
                {
                    p50 = Milliseconds(fields[1]);
                }
                else if (fields.Length == 2 && fields[0] == "99%")
                {
                    p99 = Milliseconds(fields[1]);
                }
            }
            var result = new WrkResult(perSecond, p50, p99);
            Console.WriteLine($"  done     wrk /health/live: {result}");
            return result;
        }
    }

    private static double Milliseconds(string value)
    {
        var unit = value.TrimStart("0123456789.".ToCharArray());
        var number = double.Parse(value[..^unit.Length], CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => number / 1000,
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            _ => double.NaN,
        };
    }
}
