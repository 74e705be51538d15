using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Accounts.Contracts;
using Orderly.Audit.Contracts;
using Orderly.Delivery.Contracts;
using Orderly.Fulfillment.Contracts;
using Orderly.Hosting;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Library;

/// <summary>
/// <c>POST /api/library/orders/{orderId}/resend</c>: e-mails the order's codes and links again.
/// Staff resend from the order page through <see cref="Handler"/> (any buyer's order).
/// </summary>
internal static class ResendDelivery
{
    public sealed record Accepted(Guid OrderId, string Status);

    internal sealed class Handler(OrderlyDbContext db, ICustomerDirectory customers, IOutbox outbox, IAuditLog audit)
    {
        /// <param name="customerId">The buyer asking (only their own entries), or null for staff.</param>
        /// <param name="staff">The staff member resending (audited), or null for the buyer.</param>
        /// <returns>False when the order has nothing delivered to resend.</returns>
        public async Task<bool> HandleAsync(Guid orderId, Guid? customerId, string? staff, CancellationToken ct)
        {
            var entries = await db.Set<LibraryEntry>().AsNoTracking()
                .Where(e => e.OrderId == orderId && (customerId == null || e.CustomerId == customerId)).ToListAsync(ct);
            var owner = entries.Select(e => e.CustomerId).FirstOrDefault();
            var customer = entries.Count == 0 ? null : await customers.FindAsync(owner, ct);
            if (customer is null)
            {
                return false;
            }
            var lines = entries.GroupBy(e => e.OrderLineId).Select(g => new FulfilledLine(
                g.Key, g.First().ProductId, g.First().Sku, g.First().ProductName, g.Count(e => e.KeyId is not null),
                g.Where(e => e.KeyId is not null).Select(e => e.KeyId!.Value).ToList(),
                g.Select(e => e.FileGrantId).FirstOrDefault(id => id is not null))).ToList();
            outbox.Enqueue(new ResendDeliveryEmail(orderId, owner, customer.Email, lines));
            if (staff is not null)
            {
                audit.Append("DeliveryResent", orderId, staff, new { lines = lines.Count });
            }
            await db.SaveChangesAsync(ct);
            return true;
        }
    }

    public static async Task<Results<Accepted<Accepted>, ProblemHttpResult>> HandleAsync(
        Guid orderId, HttpRequest request, UrlSigner signer, Handler handler, CancellationToken ct)
    {
        if (LibraryAccess.Customer(request, signer) is not { } customerId)
        {
            return LibraryAccess.Denied();
        }
        return await handler.HandleAsync(orderId, customerId, null, ct)
            ? TypedResults.Accepted($"/api/orders/{orderId}", new Accepted(orderId, "resend_queued"))
            : Problems.NotFound("library.order_not_found", "No delivered order with that id in your library.");
    }
}
