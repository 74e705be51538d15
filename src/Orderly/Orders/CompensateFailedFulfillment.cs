using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Orders;

/// <summary>
/// D5: when fulfilling a paid order keeps failing until it is dead-lettered, the buyer must not wait
/// for goods that will not come: the order is refunded in full through its payment's provider (the
/// refund e-mail tells the buyer), and audited. Runs outside a transaction (the provider call).
/// Like any external call, a crash between the refund and the commit can repeat it.
/// </summary>
[ExternalEffects]
internal sealed class CompensateFailedFulfillment(OrderlyDbContext db, IPaymentRefunds refunds, OrderStatusMover mover, IAuditLog audit) : IMessageHandler<MessageDeadLettered>
{
    /// <summary>The handler that fulfills orders (Fulfillment's <c>FulfillOrder</c>); its rows carry <c>{ "orderId": … }</c>.</summary>
    public const string FulfillmentHandler = "FulfillOrder";

    public const string Reason = "we could not deliver your order";

    public async Task HandleAsync(MessageDeadLettered message, MessageContext context, CancellationToken cancellationToken)
    {
        if (message.Handler != FulfillmentHandler)
        {
            return;
        }
        var payload = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Id == message.RowId).Select(m => m.Payload).FirstOrDefaultAsync(cancellationToken);
        if (payload is null || OrderIdOf(payload) is not { } orderId)
        {
            return;
        }
        var order = await db.Set<Order>().AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (order is null || order.PaidAt is null || order.RefundableAmount <= 0 || order.FulfilledAt is not null)
        {
            return;
        }
        var lineIds = order.Lines.SelectMany(l => Enumerable.Repeat(l.Id, l.QuantityLeft)).ToList();
        var result = await refunds.RefundAsync(order.Id, order.RefundableAmount, Reason, lineIds, cancellationToken);
        if (!result.Succeeded)
        {
            // Admins already have the dead-letter alert; the note says why no refund followed.
            mover.Note(order.Id, "compensation_failed", result.Error);
            audit.Append("CompensationFailed", order.Id, "system", new { deadLetter = message.RowId, result.Error });
            return;
        }
        mover.Note(order.Id, "compensated", $"fulfillment failed {message.Attempts} times: refunded {order.RefundableAmount / 100m:0.00} {order.Currency}");
        audit.Append("OrderCompensated", order.Id, "system", new { deadLetter = message.RowId, amount = order.RefundableAmount, order.Currency, providerRefundId = result.ProviderRefundId });
    }

    private static Guid? OrderIdOf(string payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            return json.RootElement.TryGetProperty("orderId", out var id) && id.TryGetGuid(out var orderId) ? orderId : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
