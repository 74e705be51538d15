using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>
/// A webhook endpoint of the test's own on loopback (HttpListener): records every request (body and
/// headers) and answers with the status <see cref="Answer"/> picks for the n-th request (1-based).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public sealed record Received(int Number, string Body, IReadOnlyDictionary<string, string> Headers, int AnsweredStatus, DateTimeOffset At);

    public WebhookReceiver(Func<int, int> answer)
    {
        Answer = answer;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/orderly";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public Func<int, int> Answer { get; set; }

    /// <summary>When set, every non-2xx answer carries <c>Retry-After</c> with this many seconds.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>How long each answer takes (requests are served concurrently).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The most requests that were in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public ConcurrentQueue<Received> Requests { get; } = new();

    private readonly ConcurrentDictionary<Task, bool> _serving = new();
    private int _count;
    private int _inFlight;
    private int _maxInFlight;

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var serving = ServeAsync(context);
            _serving[serving] = true;
            _ = serving.ContinueWith(t => _serving.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        int max;
        while (inFlight > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) != max)
        {
            // Another request raised the maximum meanwhile: read it again.
        }
        try
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k.ToLowerInvariant(), k => context.Request.Headers[k] ?? "");
            var number = Interlocked.Increment(ref _count);
            var status = Answer(number);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }
            Requests.Enqueue(new Received(number, body, headers, status, TimeProvider.System.GetUtcNow()));
            context.Response.StatusCode = status;
            if (RetryAfterSeconds is { } seconds && status is < 200 or >= 300)
            {
                context.Response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The listener stopped while answering.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public IReadOnlyList<Received> Accepted => Requests.Where(r => r.AnsweredStatus is >= 200 and < 300).ToList();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
        await Task.WhenAll(_serving.Keys);
    }
}
