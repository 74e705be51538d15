using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>
/// An aiosmtpd server of the test's own (Debian's python3-aiosmtpd, installed by test.sh) that the
/// test can take down and bring back on the same port, to model an e-mail provider outage.
/// </summary>
internal sealed class ControlledSmtpServer : IDisposable
{
    private Process? _process;

    public ControlledSmtpServer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        MailDirectory = Path.Combine(Path.GetTempPath(), "orderly-tests", $"maildir-{Guid.NewGuid():N}");
        foreach (var folder in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(MailDirectory, folder));
        }
        Sink = SmtpSink.At("127.0.0.1", Port, MailDirectory);
    }

    public int Port { get; }
    public string MailDirectory { get; }
    public SmtpSink Sink { get; }

    public async Task StartAsync()
    {
        var startInfo = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", MailDirectory })
        {
            startInfo.ArgumentList.Add(argument);
        }
        _process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start aiosmtpd.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"aiosmtpd did not listen on {Port}.");
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(MailDirectory, recursive: true);
        }
        catch (IOException)
        {
            // temp space
        }
    }
}
