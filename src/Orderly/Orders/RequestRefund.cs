using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// The return/refund request form of a buyer's order page. One open request per order (a declined
/// one may be followed by a new one); the request is audited. Staff see the queue in
/// <see cref="ListRefundRequests"/> and decide in <see cref="DecideRefundRequest"/>.
/// </summary>
internal static class RequestRefund
{
    public const int MaxReason = 2000;

    public abstract record Outcome
    {
        public sealed record Requested(Guid Id) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record NotFound : Outcome;
        /// <summary>Not paid, or everything already refunded.</summary>
        public sealed record NotRefundable : Outcome;
        public sealed record AlreadyOpen : Outcome;
    }

    internal sealed class Handler(OrderlyDbContext db, IAuditLog audit, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(string email, Guid orderId, string? reason, IReadOnlyCollection<Guid> lineIds, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReason)
            {
                return new Outcome.Invalid([new ValidationError("reason", $"is required, at most {MaxReason} characters.")]);
            }
            await using var transaction = await db.BeginWriteAsync(ct);
            var order = await db.Set<Order>().AsNoTracking().OfBuyer(email).Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, ct);
            if (order is null)
            {
                return new Outcome.NotFound();
            }
            if (order.PaidAt is null || order.RefundableAmount <= 0)
            {
                return new Outcome.NotRefundable();
            }
            if (lineIds.Any(id => order.Lines.All(l => l.Id != id)))
            {
                return new Outcome.Invalid([new ValidationError("lines", "names a line that is not on this order.")]);
            }
            // Checked under the write transaction, so two quick submits make one request.
            if (await db.Set<RefundRequest>().AnyAsync(r => r.OrderId == orderId && r.Status == RefundRequest.Open, ct))
            {
                return new Outcome.AlreadyOpen();
            }
            var request = new RefundRequest
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                OrderId = orderId,
                Reason = reason.Trim(),
                LineIds = string.Join(',', lineIds.Distinct()),
                Status = RefundRequest.Open,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            db.Set<RefundRequest>().Add(request);
            db.Set<TimelineEntry>().Add(new TimelineEntry { OrderId = orderId, At = request.CreatedAt, Event = "refund_requested" });
            audit.Append("RefundRequested", orderId, "buyer", new { requestId = request.Id, lines = lineIds.Count, test = order.IsTest });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Outcome.Requested(request.Id);
        }
    }
}
