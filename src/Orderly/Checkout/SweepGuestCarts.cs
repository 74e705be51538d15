using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Checkout;

/// <summary>
/// Deletes guests' carts (no user) untouched for <see cref="CheckoutOptions.GuestCartRetention"/>,
/// with their lines and wishlist items (foreign keys cascade), every hour on worker instances. A
/// batch of <see cref="BatchSize"/> per short transaction, so a backlog never holds the writer for long;
/// the delete re-checks the age, so a cart a shopper touched meanwhile stays.
/// </summary>
internal sealed partial class SweepGuestCarts(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<CheckoutOptions> options, IOptions<OrderlyOptions> orderly, ILogger<SweepGuestCarts> logger)
    : BackgroundService
{
    public const int BatchSize = 500;
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        orderly.Value.RunsWorkers ? SweepLoop.RunAsync(Interval, time, SweepAsync, LogFailed, stoppingToken) : Task.CompletedTask;

    /// <summary>One sweep; returns how many carts went.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.GuestCartRetention;
        var total = 0;
        int deleted;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            var stale = db.Set<Cart>().Where(c => c.UserId == null && c.UpdatedAt < cutoff);
            var ids = await stale.OrderBy(c => c.UpdatedAt).Select(c => c.Id).Take(BatchSize).ToListAsync(cancellationToken);
            deleted = ids.Count == 0 ? 0 : await stale.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);
        if (total > 0)
        {
            LogSwept(total, options.Value.GuestCartRetention.TotalDays);
        }
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} guest cart(s) idle for more than {Days} days")]
    private partial void LogSwept(int count, double days);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweeping guest carts failed; will retry")]
    private partial void LogFailed(Exception exception);
}
