using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// <c>POST /api/admin/orders/refund-requests/{id}/decision</c> <c>{ decision: "approve" | "decline", message? }</c>
/// and the staff pages' approve/decline buttons. Approving refunds the requested lines (what is left
/// of them) or the whole order through <see cref="RefundOrder"/>; declining needs a message for the
/// buyer. Either way the request is closed, the step audited, and the buyer e-mailed
/// (<see cref="RefundRequestDecided"/>). One decision per request, however many staff click at once.
/// </summary>
internal static class DecideRefundRequest
{
    public const string NotFoundCode = "orders.refund_request_not_found";
    public const string AlreadyDecidedCode = "orders.refund_request_decided";

    public sealed record DecisionRequest(string? Decision, string? Message);

    public sealed record Decided(Guid RequestId, Guid OrderId, string Status);

    public static Task<Results<Ok<Decided>, ProblemHttpResult>> EndpointAsync(Guid id, DecisionRequest request, Handler handler, CancellationToken ct) =>
        handler.HandleAsync(id, request, "admin", ct);

    internal sealed class Handler(OrderlyDbContext db, RefundOrder.Handler refunds, IAuditLog audit, IOutbox outbox, TimeProvider time)
    {
        /// <param name="actor">Who decides (a staff member's e-mail address; <c>admin</c> for the API key).</param>
        public async Task<Results<Ok<Decided>, ProblemHttpResult>> HandleAsync(Guid id, DecisionRequest request, string actor, CancellationToken ct)
        {
            var approve = request.Decision?.Trim().ToLowerInvariant() switch
            {
                "approve" or "approved" => true,
                "decline" or "declined" => (bool?)false,
                _ => null,
            };
            var message = string.IsNullOrWhiteSpace(request.Message) ? null : request.Message.Trim();
            var errors = new List<ValidationError>();
            if (approve is null)
            {
                errors.Add(new ValidationError("decision", "must be \"approve\" or \"decline\"."));
            }
            if (approve == false && message is null)
            {
                errors.Add(new ValidationError("message", "is required when declining: the buyer reads it."));
            }
            if (message?.Length > RefundRequest.MaxMessage)
            {
                errors.Add(new ValidationError("message", $"must be at most {RefundRequest.MaxMessage} characters."));
            }
            if (errors.Count > 0)
            {
                return Problems.Validation(errors);
            }
            var found = await db.Set<RefundRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            if (found is null)
            {
                return Problems.NotFound(NotFoundCode, $"No refund request {id}.");
            }
            var status = approve == true ? RefundRequest.Approved : RefundRequest.Declined;
            var now = time.GetUtcNow().UtcDateTime;
            // The claim comes first, in its own short transaction: of two staff deciding at once only
            // one gets the open request, so an approval refunds once.
            if (!await ClaimAsync(id, status, actor, message, now, ct))
            {
                return Problems.Conflict(AlreadyDecidedCode, $"Refund request {id} was already decided ({found.Status}).");
            }
            if (approve == true && await RefundAsync(found, message, actor, ct) is { } refused)
            {
                await ReleaseAsync(id, status);
                return refused;
            }
            await using (var transaction = await db.BeginWriteAsync(ct))
            {
                db.Set<TimelineEntry>().Add(new TimelineEntry { OrderId = found.OrderId, At = now, Event = $"refund_request_{status}", Detail = Truncate(message) });
                audit.Append(approve == true ? "RefundRequestApproved" : "RefundRequestDeclined", found.OrderId, actor,
                    new { requestId = id, message });
                outbox.Enqueue(new RefundRequestDecided(found.OrderId, id, approve == true, message, now));
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            return TypedResults.Ok(new Decided(id, found.OrderId, status));
        }

        /// <summary>The requested lines, each for what is left of it; no lines named: everything left on the order.</summary>
        private async Task<ProblemHttpResult?> RefundAsync(RefundRequest request, string? message, string actor, CancellationToken ct)
        {
            var named = RefundRequest.ParseLines(request.LineIds);
            var lines = new List<RefundOrder.RefundLineRequest>();
            if (named.Count > 0)
            {
                lines = await db.Set<OrderLine>().AsNoTracking().Where(l => l.OrderId == request.OrderId && named.Contains(l.Id) && l.Quantity > l.RefundedQuantity)
                    .Select(l => new RefundOrder.RefundLineRequest(l.Id, l.Quantity - l.RefundedQuantity)).ToListAsync(ct);
                if (lines.Count == 0)
                {
                    return Problems.Conflict(OrderErrors.NothingLeftToRefund, "Everything the request names is refunded already.");
                }
            }
            // The buyer's refund e-mail shows the reason.
            var reason = Truncate(message is null ? "Your refund request was approved." : $"Your refund request was approved: {message}");
            var result = await refunds.HandleAsync(request.OrderId, new RefundOrder.RefundRequest(reason, lines, null), actor, ct);
            return result.Result as ProblemHttpResult;
        }

        private async Task<bool> ClaimAsync(Guid id, string status, string actor, string? message, DateTime now, CancellationToken ct)
        {
            await using var transaction = await db.BeginWriteAsync(ct);
            var claimed = await db.Set<RefundRequest>().Where(r => r.Id == id && r.Status == RefundRequest.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.DecidedAt, now)
                    .SetProperty(r => r.DecidedBy, actor).SetProperty(r => r.DecisionMessage, message), ct);
            await transaction.CommitAsync(ct);
            return claimed == 1;
        }

        /// <summary>The refund was refused (nothing changed): the request is open again, for another try or a decline.</summary>
        /// <remarks>Not cancelled with the request: a claim left behind would keep the request from being decided again.</remarks>
        private async Task ReleaseAsync(Guid id, string status)
        {
            await using var transaction = await db.BeginWriteAsync(CancellationToken.None);
            await db.Set<RefundRequest>().Where(r => r.Id == id && r.Status == status)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RefundRequest.Open).SetProperty(r => r.DecidedAt, (DateTime?)null)
                    .SetProperty(r => r.DecidedBy, (string?)null).SetProperty(r => r.DecisionMessage, (string?)null), CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        private static string? Truncate(string? text) => text is { Length: > 500 } ? text[..500] : text;
    }
}
