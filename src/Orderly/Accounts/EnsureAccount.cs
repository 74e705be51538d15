using Microsoft.EntityFrameworkCore;
using Orderly.Accounts.Contracts;
using Orderly.Audit.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Accounts;

/// <summary>
/// Every order gets a buyer account: found by e-mail, or created. Publishes <see cref="AccountReady"/>,
/// one of the two conditions fulfillment waits for. A concurrent creation of the same account fails
/// the unique index and the retry finds it.
/// </summary>
internal sealed class EnsureAccount(OrderlyDbContext db, IOutbox outbox, IAuditLog audit, TimeProvider time) : IMessageHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced message, MessageContext context, CancellationToken cancellationToken)
    {
        var email = Customer.Normalize(message.Email);
        var customer = await db.Set<Customer>().FirstOrDefaultAsync(c => c.Email == email, cancellationToken);
        if (customer is null)
        {
            customer = new Customer { Id = Guid.CreateVersion7(time.GetUtcNow()), Email = email, CreatedAt = time.GetUtcNow().UtcDateTime };
            db.Set<Customer>().Add(customer);
            audit.Append("AccountCreated", message.OrderId, "system", new { customerId = customer.Id });
        }
        outbox.Enqueue(new AccountReady(message.OrderId, customer.Id, message.Email));
        await db.SaveChangesAsync(cancellationToken);
    }
}

internal sealed class CustomerDirectory(OrderlyDbContext db) : ICustomerDirectory
{
    public Task<CustomerInfo?> FindAsync(Guid customerId, CancellationToken cancellationToken) =>
        db.Set<Customer>().AsNoTracking().Where(c => c.Id == customerId).Select(c => new CustomerInfo(c.Id, c.Email)).FirstOrDefaultAsync(cancellationToken);
}
