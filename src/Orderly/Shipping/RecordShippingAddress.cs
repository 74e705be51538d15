using Orderly.Persistence;
using Orderly.Shipping.Contracts;

namespace Orderly.Shipping;

/// <summary><see cref="IShippingAddresses"/>: the address joins the checkout's transaction, so it exists exactly when the order does.</summary>
internal sealed class RecordShippingAddress(OrderlyDbContext db, TimeProvider time) : IShippingAddresses
{
    public void Record(Guid orderId, ShippingDestination destination, string method) =>
        db.Set<ShippingAddress>().Add(new ShippingAddress
        {
            OrderId = orderId,
            Method = method,
            Name = destination.Name,
            Line1 = destination.Line1,
            Line2 = destination.Line2,
            City = destination.City,
            PostalCode = destination.PostalCode,
            Country = destination.Country,
            Phone = destination.Phone,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
}
