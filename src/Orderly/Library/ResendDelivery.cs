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
        Guid orderId, HttpRequest request, UrlSigner signer, OrderlyDbContext db, ICustomerDirectory customers, IOutbox outbox, CancellationToken ct)
    {
        if (LibraryAccess.Customer(request, signer) is not { } customerId)
        {
            return LibraryAccess.Denied();
        }
        var entries = await db.Set<LibraryEntry>().AsNoTracking().Where(e => e.CustomerId == customerId && e.OrderId == orderId).ToListAsync(ct);
        var customer = await customers.FindAsync(customerId, ct);
        if (entries.Count == 0 || customer is null)
        {
            return Problems.NotFound("library.order_not_found", "No delivered order with that id in your library.");
        }
        var lines = entries.GroupBy(e => e.OrderLineId).Select(g => new FulfilledLine(
            g.Key, g.First().ProductId, g.First().Sku, g.First().ProductName, g.Count(e => e.KeyId is not null),
            g.Where(e => e.KeyId is not null).Select(e => e.KeyId!.Value).ToList(),
            g.Select(e => e.FileGrantId).FirstOrDefault(id => id is not null))).ToList();
        outbox.Enqueue(new ResendDeliveryEmail(orderId, customerId, customer.Email, lines));
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/orders/{orderId}", new Accepted(orderId, "resend_queued"));
    }
}
