using Microsoft.EntityFrameworkCore;
using Orderly.Accounts.Contracts;
using Orderly.Messaging;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Fulfillment;

/// <summary>Internal: both preconditions hold; allocate and hand over to delivery.</summary>
[WireName("fulfillment.fulfillment_requested")]
internal sealed record FulfillmentRequested(Guid OrderId);

/// <summary>
/// Records payment and account readiness on the order's <see cref="FulfillmentJob"/>; whichever
/// arrives second requests fulfillment. Both handlers are plain guarded updates, so duplicates and
/// any arrival order give exactly one <see cref="FulfillmentRequested"/>.
/// </summary>
internal sealed class TrackFulfillmentPrerequisites(OrderlyDbContext db, IOutbox outbox, TimeProvider time) :
    IMessageHandler<PaymentSucceeded>, IMessageHandler<AccountReady>
{
    public async Task HandleAsync(PaymentSucceeded message, MessageContext context, CancellationToken cancellationToken)
    {
        var job = await FindOrAddAsync(message.OrderId, cancellationToken);
        if (job.PaymentConfirmedAt is null)
        {
            job.PaymentConfirmedAt = message.At;
            job.PaidAmount = message.Amount;
            job.PaidCurrency = message.Currency;
        }
        await RequestIfReadyAsync(job, cancellationToken);
    }

    public async Task HandleAsync(AccountReady message, MessageContext context, CancellationToken cancellationToken)
    {
        var job = await FindOrAddAsync(message.OrderId, cancellationToken);
        if (job.AccountReadyAt is null)
        {
            job.AccountReadyAt = time.GetUtcNow().UtcDateTime;
            job.CustomerId = message.CustomerId;
            job.Email = message.Email;
        }
        await RequestIfReadyAsync(job, cancellationToken);
    }

    private async Task<FulfillmentJob> FindOrAddAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var job = await db.Set<FulfillmentJob>().FirstOrDefaultAsync(j => j.OrderId == orderId, cancellationToken);
        if (job is null)
        {
            job = new FulfillmentJob { OrderId = orderId };
            db.Set<FulfillmentJob>().Add(job);
        }
        return job;
    }

    private async Task RequestIfReadyAsync(FulfillmentJob job, CancellationToken cancellationToken)
    {
        if (job.ReadyToRequest)
        {
            job.RequestedAt = time.GetUtcNow().UtcDateTime;
            outbox.Enqueue(new FulfillmentRequested(job.OrderId));
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
