using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// The buyer deleted their account: their orders keep lines, amounts and the timeline (the shop's
/// books need them) but the e-mail address becomes a placeholder that routes nowhere, and the
/// billing details lose name, company, VAT ID and address. Refund requests lose their free-text
/// reason and the shop's answer, which may name the person.
/// </summary>
internal sealed class AnonymizeBuyerOrders(OrderlyDbContext db, IAuditLog audit) : IBuyerOrderErasure
{
    public async Task<IReadOnlyList<Guid>> AnonymizeAsync(string email, string placeholder, CancellationToken cancellationToken)
    {
        var ids = await db.Set<Order>().OfBuyer(email).Select(o => o.Id).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return ids;
        }
        await db.Set<Order>().Where(o => ids.Contains(o.Id)).ExecuteUpdateAsync(s => s.SetProperty(o => o.Email, placeholder), cancellationToken);
        await db.Set<RefundRequest>().Where(r => ids.Contains(r.OrderId)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Reason, "(removed)")
            .SetProperty(r => r.DecisionMessage, r => r.DecisionMessage == null ? null : "(removed)"), cancellationToken);
        // As the shipping addresses: who and where go, the country stays (the VAT of the books follows it).
        await db.Set<OrderBilling>().Where(b => ids.Contains(b.OrderId)).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.Name, "")
            .SetProperty(b => b.Company, (string?)null)
            .SetProperty(b => b.VatId, (string?)null)
            .SetProperty(b => b.Line1, "")
            .SetProperty(b => b.Line2, (string?)null)
            .SetProperty(b => b.City, "")
            .SetProperty(b => b.PostalCode, ""), cancellationToken);
        foreach (var id in ids)
        {
            audit.Append("OrderAnonymized", id, "buyer", null);
        }
        return ids;
    }
}
