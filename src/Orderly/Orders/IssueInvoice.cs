using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// Gives a paid order the next invoice number of its series, inside the caller's transaction (the
/// first time the paid order's invoice is asked for, see <see cref="ShowInvoice"/>). The counter row is bumped
/// with one guarded UPDATE (<c>last_number = last_number + 1</c>) before it is read: on PostgreSQL
/// the row lock holds every other payment's bump until this transaction ends, on SQLite the write
/// gate does; and a rolled-back payment takes its bump with it. So numbers are sequential, never
/// shared and never skipped (ADR 0024).
/// </summary>
internal sealed class IssueInvoice(OrderlyDbContext db)
{
    /// <summary>Must run in a transaction; the invoice row joins the caller's unit of work.</summary>
    public async Task<Invoice> AssignAsync(Guid orderId, bool isTest, DateTime at, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An invoice number is given inside a transaction, with the invoice row.");
        }
        var series = isTest ? InvoiceCounter.Test : InvoiceCounter.Default;
        var counter = db.Set<InvoiceCounter>().Where(c => c.Series == series);
        await counter.ExecuteUpdateAsync(s => s.SetProperty(c => c.LastNumber, c => c.LastNumber + 1), cancellationToken);
        var number = await counter.Select(c => c.LastNumber).SingleAsync(cancellationToken);
        var invoice = new Invoice { OrderId = orderId, Series = series, Number = number, IssuedAt = at };
        db.Set<Invoice>().Add(invoice);
        return invoice;
    }
}

