using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orderly.Bench.Infrastructure;

/// <summary>
/// A tiny SMTP server on loopback that accepts every message and timestamps it (Stopwatch, the same
/// clock the load generator uses) at the end of DATA — the moment the server hears "250 accepted".
/// Messages are keyed by their Message-ID (the delivery e-mail's is <c>{orderId:N}.delivery@orderly</c>).
/// </summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _received;

    public SmtpSink()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Message-ID (without angle brackets) → Stopwatch timestamp of acceptance.</summary>
    public ConcurrentDictionary<string, long> AcceptedAt { get; } = new(StringComparer.OrdinalIgnoreCase);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.Latin1);
                await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 orderly-bench ESMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                        case "HELO":
                            await writer.WriteLineAsync("250 orderly-bench");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                            string? messageId = null;
                            var inHeaders = true;
                            while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                            {
                                if (data.Length == 0)
                                {
                                    inHeaders = false;
                                }
                                else if (inHeaders && messageId is null && data.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
                                {
                                    messageId = data["Message-ID:".Length..].Trim().Trim('<', '>');
                                }
                            }
                            var at = Stopwatch.GetTimestamp();
                            if (messageId is not null)
                            {
                                AcceptedAt.TryAdd(messageId, at);
                            }
                            Interlocked.Increment(ref _received);
                            await writer.WriteLineAsync("250 accepted");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 bye");
                            return;
                        default:
                            await writer.WriteLineAsync("250 ok"); // MAIL, RCPT, RSET, NOOP
                            break;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // client went away or the sink stopped
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
