using Orderly.Audit.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Payments;

/// <summary><see cref="IInternalPayments"/>: the same three writes as a provider's confirmed payment (see <see cref="WebhookRecorder"/>).</summary>
internal sealed class RecordInternalPayment(OrderlyDbContext db, IOutbox outbox, IAuditLog audit, TimeProvider time) : IInternalPayments
{
    public void Record(InternalPayment payment)
    {
        var now = time.GetUtcNow();
        db.Set<Payment>().Add(new Payment
        {
            Id = Guid.CreateVersion7(now),
            OrderId = payment.OrderId,
            Provider = payment.Provider,
            ProviderPaymentId = payment.Reference,
            Amount = payment.Amount,
            Currency = payment.Currency,
            ConfirmedAt = now.UtcDateTime,
        });
        outbox.Enqueue(new PaymentSucceeded(payment.OrderId, payment.Provider, payment.Reference, payment.Amount, payment.Currency, payment.Reference, now.UtcDateTime));
        audit.Append("PaymentReceived", payment.OrderId, payment.Provider, new { paymentId = payment.Reference, payment.Amount, payment.Currency, test = payment.Provider == PaymentMethods.Test });
    }
}
