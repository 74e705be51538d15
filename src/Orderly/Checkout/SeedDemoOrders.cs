using System.Reflection;
using Microsoft.Extensions.Options;
using Orderly.Catalog.Contracts;
using Orderly.Hosting;
using Orderly.Orders.Contracts;

namespace Orderly.Checkout;

/// <summary>
/// A little order history for the demo store, so "Best seller" and "Customers also bought" have
/// something to show: two dozen test-mode orders of the demo products, placed through the real
/// checkout once the server runs (checkout needs its batcher). Only when the demo products exist,
/// and once per data directory (a marker file).
/// </summary>
internal sealed partial class DemoOrderSeeder(IServiceScopeFactory scopes, IOptions<OrderlyOptions> options, IOptions<CheckoutOptions> checkout,
    IHostApplicationLifetime lifetime, ILogger<DemoOrderSeeder> logger) : BackgroundService
{
    /// <summary>Baskets of demo SKUs (digital only: no address needed), each ordered <c>Times</c> times.</summary>
    private static readonly (string[] Skus, int Times)[] Baskets =
    [
        (["ANTIVIRUS-1Y"], 6),
        (["OFFICE-2024-PRO", "ANTIVIRUS-1Y"], 4),
        (["GAME-DELUXE"], 4),
        (["GAME-DELUXE", "EBOOK-DOTNET"], 2),
        (["EBOOK-DOTNET", "OFFICE-2024-PRO"], 3),
        (["EBOOK-DOTNET"], 3),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SeedDemoData)
        {
            return;
        }
        try
        {
            await SeedAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A nicety of the demo: a failure here must never stop the server (a background
            // service's exception would).
            LogFailed(ex);
        }
    }

    private async Task SeedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        var marker = Path.Combine(options.Value.ResolveDataDir(), "demo-orders-seeded");
        if (File.Exists(marker))
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var skus = Baskets.SelectMany(b => b.Skus).Distinct().ToList();
        if ((await scope.ServiceProvider.GetRequiredService<IProductCatalog>().FindBySkusAsync(skus, stoppingToken)).Count < skus.Count)
        {
            return; // not the demo store
        }
        // The real checkout, in test mode for these orders only (no money moves; the store's own setting is untouched).
        var testMode = new CheckoutOptions();
        foreach (var property in typeof(CheckoutOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p is { CanRead: true, CanWrite: true }))
        {
            property.SetValue(testMode, property.GetValue(checkout.Value));
        }
        testMode.TestMode = true;
        var handler = ActivatorUtilities.CreateInstance<PlaceOrder.Handler>(scope.ServiceProvider, Options.Create(testMode));
        var placed = 0;
        var n = 0;
        foreach (var (basket, times) in Baskets)
        {
            for (var i = 0; i < times; i++, n++)
            {
                var request = new PlaceOrderRequest($"demo-buyer-{n}@example.com", basket.Select(s => new PlaceOrderItem(s, 1)).ToList(), PaymentMethods.Test);
                if (await handler.HandleAsync(request, null, stoppingToken) is PlaceOrder.Outcome.Placed)
                {
                    placed++;
                }
            }
        }
        await File.WriteAllTextAsync(marker, "", stoppingToken);
        LogPlaced(placed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo store: placing the demo orders failed; the store works without them")]
    private partial void LogFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo store: {Count} test-mode orders placed for the best-seller list")]
    private partial void LogPlaced(int count);
}
