using Orderly.Hosting;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.StoreCredit.Contracts;

namespace Orderly.StoreCredit;

/// <summary>
/// Store credit: a buyer's wallet (per e-mail address and currency) as a double-entry ledger
/// (tables store_credit_*). Checkout pays with it through <see cref="IStoreCredit"/>, in the order's
/// transaction. Listens to: OrderRefunded (credit goes back). Refund gateway: <c>wallet</c>.
/// </summary>
public static class StoreCreditModule
{
    public static IHostApplicationBuilder AddStoreCredit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CreditLedger>();
        builder.Services.AddScoped<IStoreCredit>(sp => sp.GetRequiredService<CreditLedger>());
        builder.Services.AddScoped<TopUpStoreCredit.Handler>();
        builder.Services.AddMessageHandler<OrderRefunded, CreditBackRefundedOrder>();
        return builder;
    }

    public static IEndpointRouteBuilder MapStoreCredit(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/customers/{email}/wallet").RequireAuthorization(HostingModule.AdminPolicy).WithTags("StoreCredit");
        admin.MapPost("/credits", TopUpStoreCredit.EndpointAsync).WithName("GrantStoreCredit");
        admin.MapGet("/", ShowStoreCredit.EndpointAsync).WithName("ShowStoreCredit");
        return app;
    }
}
