using Orderly.Accounts;
using Orderly.Audit;
using Orderly.Catalog;
using Orderly.Checkout;
using Orderly.Delivery;
using Orderly.Fraud;
using Orderly.Fulfillment;
using Orderly.Hosting;
using Orderly.Inventory;
using Orderly.Keys;
using Orderly.Library;
using Orderly.Licensing;
using Orderly.Messaging;
using Orderly.Orders;
using Orderly.Payments;
using Orderly.Persistence;
using Orderly.Reseller;
using Orderly.Shipping;
using Orderly.StoreCredit;
using Orderly.Web;

return await OrderlyCli.RunAsync(args, BuildApp, KeysCommands.Create, AuditCommands.Create, UsersCommands.Create);

// The application, one line per module. Platform first (configuration, database, outbox),
// then the modules in the order an order travels through them.
static WebApplication BuildApp(string[] args)
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddHosting();
    builder.AddPersistence();
    builder.AddRedisConnection();
    builder.AddMessaging();
    builder.AddAudit();
    builder.AddKeys();
    builder.AddCatalog();
    builder.AddInventory();
    builder.AddCheckout();
    builder.AddStoreCredit();
    builder.AddOrders();
    builder.AddPayments();
    builder.AddAccounts();
    builder.AddFraud();
    builder.AddFulfillment();
    builder.AddLibrary();
    builder.AddLicensing();
    builder.AddShipping();
    builder.AddDelivery();
    builder.AddReseller();
    builder.AddWeb();

    var app = builder.Build();
    app.UseHosting();
    if (!app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OrderlyOptions>>().Value.RunsWeb)
    {
        return app; // a worker-only instance serves health and metrics, nothing else
    }
    app.MapDeadLetters();
    app.MapAudit();
    app.MapCatalog();
    app.MapKeys();
    app.MapInventory();
    app.MapCheckout();
    app.MapStoreCredit();
    app.MapOrders();
    app.MapPayments();
    app.MapFraud();
    app.MapLibrary();
    app.MapLicensing();
    app.MapShipping();
    app.MapDelivery();
    app.MapReseller();
    app.MapWeb();
    return app;
}

/// <summary>Entry point type, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
