using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller.Webhooks;

/// <summary>
/// Sends due deliveries: claims them with a guarded update (a lease, so several instances never
/// send one delivery at once and a crashed sender's claim runs out), signs each twice, posts it
/// with the target guard and a 15 s timeout, at most <see cref="WebhookOptions.MaxConcurrencyPerEndpoint"/>
/// at a time per subscription (across instances with Redis, see <see cref="IEndpointGate"/>), and records the outcome: delivered (2xx), the subscription disabled
/// (410 Gone), or the next attempt from <see cref="RetrySchedule"/> (honouring <c>Retry-After</c>).
/// </summary>
internal sealed partial class WebhookDeliveryWorker(
    IServiceScopeFactory scopes,
    IHttpClientFactory http,
    IDataProtectionProvider protection,
    TimeProvider time,
    IOptions<ResellerOptions> options,
    IOptions<OrderlyOptions> orderly,
    IEndpointGate endpoints,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    private const int BatchSize = 64;
    private WebhookOptions Settings => options.Value.Webhooks;
    private IReadOnlyList<TimeSpan> Schedule => Settings.RetrySchedule is { Count: > 0 } configured ? configured : RetrySchedule.Default;

    /// <summary>Sends every delivery due now; returns how many were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Long enough for the whole batch to pass one endpoint's concurrency cap at the timeout,
        // so no other instance claims a delivery that is only waiting for its slot.
        var lease = now + Settings.Timeout * (BatchSize / Settings.MaxConcurrencyPerEndpoint + 1) + TimeSpan.FromSeconds(30);
        List<Guid> claimed = [];
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            var due = await db.Set<WebhookDelivery>().AsNoTracking()
                .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil < now))
                .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var id in due)
            {
                if (await db.Set<WebhookDelivery>().Where(d => d.Id == id && d.Status == WebhookDeliveryStatus.Pending && (d.LockedUntil == null || d.LockedUntil < now))
                        .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, lease), ct) == 1)
                {
                    claimed.Add(id);
                }
            }
        }
        await Task.WhenAll(claimed.Select(id => SendAsync(id, lease, ct)));
        return claimed.Count;
    }

    private async Task SendAsync(Guid deliveryId, DateTime lease, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        var delivery = await db.Set<WebhookDelivery>().AsNoTracking().FirstAsync(d => d.Id == deliveryId, ct);
        var subscription = await db.Set<WebhookSubscription>().AsNoTracking().FirstAsync(s => s.Id == delivery.SubscriptionId, ct);
        var owned = db.Set<WebhookDelivery>().Where(d => d.Id == deliveryId && d.LockedUntil == lease);
        if (!subscription.Active)
        {
            await owned.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Cancelled).SetProperty(d => d.LockedUntil, (DateTime?)null)
                .SetProperty(d => d.LastError, "subscription disabled"), ct);
            return;
        }
        // A slot is held at most for one attempt's timeout plus a margin, so a crashed instance's slot frees itself.
        var slot = await endpoints.EnterAsync(subscription.Id, Settings.MaxConcurrencyPerEndpoint, Settings.Timeout + TimeSpan.FromSeconds(30), ct);
        AttemptResult result;
        try
        {
            result = await PostAsync(delivery, subscription, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down mid-send: hand the claim back so the next instance need not wait for the lease.
            await owned.ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, (DateTime?)null), CancellationToken.None);
            throw;
        }
        finally
        {
            await slot.DisposeAsync();
        }
        var attempts = delivery.Attempts + 1;
        var now = time.GetUtcNow().UtcDateTime;
        if (result.StatusCode is >= 200 and < 300)
        {
            await owned.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Delivered).SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.LastStatusCode, result.StatusCode).SetProperty(d => d.LastError, (string?)null).SetProperty(d => d.DeliveredAt, now)
                .SetProperty(d => d.LockedUntil, (DateTime?)null), ct);
            return;
        }
        if (result.StatusCode == StatusCodes.Status410Gone)
        {
            // The receiver says the endpoint is gone for good: stop sending to it at all.
            await db.Set<WebhookSubscription>().Where(s => s.Id == subscription.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false).SetProperty(x => x.DisabledReason, "the receiver answered 410 Gone"), ct);
            await owned.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Cancelled).SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.LastStatusCode, result.StatusCode).SetProperty(d => d.LastError, "410 Gone: subscription disabled")
                .SetProperty(d => d.LockedUntil, (DateTime?)null), ct);
            LogDisabled(subscription.Id);
            return;
        }
#pragma warning disable CA5394 // jitter is not a secret
        var wait = RetrySchedule.Next(Schedule, attempts, Random.Shared.NextDouble(), result.RetryAfter);
#pragma warning restore CA5394
        var status = wait is null ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
        var next = wait is { } w ? now + w : now;
        await owned.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, status).SetProperty(d => d.Attempts, attempts).SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.LastStatusCode, result.StatusCode).SetProperty(d => d.LastError, result.Error).SetProperty(d => d.LockedUntil, (DateTime?)null), ct);
        LogAttemptFailed(delivery.Id, attempts, result.StatusCode, status == WebhookDeliveryStatus.Failed);
    }

    private sealed record AttemptResult(int? StatusCode, string? Error, TimeSpan? RetryAfter);

    private async Task<AttemptResult> PostAsync(WebhookDelivery delivery, WebhookSubscription subscription, CancellationToken ct)
    {
        var secret = WebhookTargets.Protector(protection).Unprotect(subscription.ProtectedSecret);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var messageId = WebhookSignatures.MessageId(delivery.Id);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json") };
        var ts = timestamp.ToString(CultureInfo.InvariantCulture);
        request.Headers.Add("X-UPA-Request-Id", delivery.RequestId.ToString());
        request.Headers.Add("X-UPA-Event", delivery.EventName);
        request.Headers.Add("X-UPA-Timestamp", ts);
        request.Headers.Add("X-UPA-Signature", WebhookSignatures.Upa(secret, timestamp, delivery.Payload));
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", ts);
        request.Headers.Add("webhook-signature", WebhookSignatures.StandardWebhooks(secret, messageId, timestamp, delivery.Payload));
        try
        {
            using var response = await http.CreateClient(WebhookTargets.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var retryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - time.GetUtcNow(),
                _ => (TimeSpan?)null,
            };
            return new AttemptResult((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}", retryAfter);
        }
        catch (HttpRequestException ex) when ((ex as WebhookTargetRefusedException ?? ex.InnerException as WebhookTargetRefusedException) is { } refused)
        {
            // The handler wraps what ConnectCallback throws.
            return new AttemptResult(null, $"refused by the target guard: {refused.Message}", null);
        }
        catch (HttpRequestException ex)
        {
            return new AttemptResult(null, $"network error: {ex.HttpRequestError}", null);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResult(null, "timed out", null);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!orderly.Value.RunsWorkers)
        {
            return;
        }
        using var timer = new PeriodicTimer(Settings.PollInterval, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} attempt {Attempt} failed (status {StatusCode}); given up: {GivenUp}")]
    private partial void LogAttemptFailed(Guid deliveryId, int attempt, int? statusCode, bool givenUp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {SubscriptionId} disabled: the receiver answered 410 Gone")]
    private partial void LogDisabled(Guid subscriptionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery sweep failed")]
    private partial void LogFailed(Exception exception);
}
