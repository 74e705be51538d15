using Orderly.Messaging;

namespace Orderly.Accounts.Contracts;

/// <summary>The buyer of an order has an account (created from the e-mail address if new).</summary>
[WireName("accounts.account_ready")]
public sealed record AccountReady(Guid OrderId, Guid CustomerId, string Email);

public sealed record CustomerInfo(Guid Id, string Email);

public interface ICustomerDirectory
{
    Task<CustomerInfo?> FindAsync(Guid customerId, CancellationToken cancellationToken);
}
