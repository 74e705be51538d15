using Orderly.Hosting;
using Orderly.Inventory.Contracts;

namespace Orderly.Inventory;

/// <summary>
/// Inventory. Owns: stock counters, reservations (tables inventory_*). Publishes: StockLow,
/// StockDepleted, ReservationExpired. Depends on: nothing but the platform.
/// </summary>
public static class InventoryModule
{
    public static IHostApplicationBuilder AddInventory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InventoryOptions>().Bind(builder.Configuration.GetSection(InventoryOptions.Section))
            .Validate(o => o.ReservationTtl > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero && o.CounterReconcileInterval > TimeSpan.Zero,
                "Inventory: ReservationTtl, SweepInterval and CounterReconcileInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<IStockLedger, StockLedger>();
        builder.Services.AddScoped<IStockReturns, ReturnStock>();
        builder.Services.AddScoped<IStockStates, ReadStockStates>();
        builder.Services.AddScoped<IStockThresholds, SetLowStockThreshold>();
        builder.Services.AddScoped<IStockReport, ListStockLevels>();
        builder.Services.AddScoped<ReportStockTurnover.Handler>();
        if (RedisConnection.IsConfigured(builder.Configuration) && builder.Configuration.GetValue("Inventory:RedisCounters", true))
        {
            builder.Services.AddSingleton<RedisStockGate>();
            builder.Services.AddSingleton<IStockGate>(sp => sp.GetRequiredService<RedisStockGate>());
            builder.Services.AddHostedService<StockCounterReconciler>();
        }
        else
        {
            builder.Services.AddSingleton<IStockGate, NoStockGate>();
        }
        builder.Services.AddScoped<ReleaseExpiredReservationsHandler>();
        builder.Services.AddSingleton<ReservationExpiryWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReservationExpiryWorker>());
        return builder;
    }

    public static IEndpointRouteBuilder MapInventory(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/products").RequireAuthorization(HostingModule.AdminPolicy).WithTags("Inventory");
        admin.MapGet("/{sku}/stock", GetStock.HandleAsync).WithName("GetStock");
        admin.MapPost("/{sku}/stock/receive", ReceiveStock.HandleAsync).WithName("ReceiveStock");
        return app;
    }
}
