using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Accounts.Contracts;
using Orderly.Delivery.Contracts;
using Orderly.Fulfillment.Contracts;
using Orderly.Hosting;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Library;

/// <summary><c>POST /api/library/orders/{orderId}/resend</c>: e-mails the order's codes and links again.</summary>
internal static class ResendDelivery
{
    public sealed record Accepted(Guid OrderId, string Status);

    public static async Task<Results<Accepted<Accepted>, ProblemHttpResult>> HandleAsync(
        Guid orderId, HttpRequest request, UrlSigner signer, Handler handler, CancellationToken ct)
    {
        if (LibraryAccess.Customer(request, signer) is not { } customerId)
        {
            return LibraryAccess.Denied();
        }
        return await handler.HandleAsync(customerId, orderId, ct)
            ? TypedResults.Accepted($"/api/orders/{orderId}", new Accepted(orderId, "resend_queued"))
            : Problems.NotFound("library.order_not_found", "No delivered order with that id in your library.");
    }

    internal sealed class Handler(OrderlyDbContext db, ICustomerDirectory customers, IOutbox outbox)
    {
        /// <returns>false when the order has nothing in this customer's library.</returns>
        public async Task<bool> HandleAsync(Guid customerId, Guid orderId, CancellationToken ct)
        {
            var entries = await db.Set<LibraryEntry>().AsNoTracking().Where(e => e.CustomerId == customerId && e.OrderId == orderId).ToListAsync(ct);
            var customer = await customers.FindAsync(customerId, ct);
            if (entries.Count == 0 || customer is null)
            {
                return false;
            }
            var lines = entries.GroupBy(e => e.OrderLineId).Select(g => new FulfilledLine(
                g.Key, g.First().ProductId, g.First().Sku, g.First().ProductName, g.Count(e => e.KeyId is not null),
                g.Where(e => e.KeyId is not null).Select(e => e.KeyId!.Value).ToList(),
                g.Select(e => e.FileGrantId).FirstOrDefault(id => id is not null))).ToList();
            outbox.Enqueue(new ResendDeliveryEmail(orderId, customerId, customer.Email, lines));
            await db.SaveChangesAsync(ct);
            return true;
        }
    }
}
