using Orderly.Accounts.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;

namespace Orderly.Accounts;

/// <summary>
/// Accounts. Owns: buyer accounts (table accounts_customers). Publishes: AccountReady.
/// Listens to: OrderPlaced. (Sign-in, passwords and profiles come with the web front.)
/// </summary>
public static class AccountsModule
{
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ICustomerDirectory, CustomerDirectory>();
        builder.Services.AddMessageHandler<OrderPlaced, EnsureAccount>();
        return builder;
    }
}
