using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Messaging;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Payments.Refunds;

/// <summary>
/// Refunds an order's payment through the <see cref="IRefundGateway"/> of the provider that took
/// it. The provider call happens first, outside any transaction; its success is then recorded in a
/// transaction of its own (<see cref="PaymentRefunded"/> + audit), whatever the caller does next:
/// the money has moved. Call it outside a database transaction.
/// </summary>
internal sealed class RefundPayment(IServiceScopeFactory scopes, IEnumerable<IRefundGateway> gateways, TimeProvider time) : IPaymentRefunds
{
    public async Task<PaymentRecord?> FindPaymentAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        return await db.Set<Payment>().AsNoTracking().Where(p => p.OrderId == orderId)
            .Select(p => new PaymentRecord(p.OrderId, p.Provider, p.ProviderPaymentId, p.Amount, p.Currency, p.ConfirmedAt))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<GatewayRefund> RefundAsync(Guid orderId, long amount, string reason, IReadOnlyList<Guid> orderLineIds, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var payment = await FindPaymentAsync(orderId, cancellationToken);
        if (payment is null)
        {
            return new GatewayRefund(false, null, "the order has no recorded payment");
        }
        if (amount > payment.Amount)
        {
            return new GatewayRefund(false, null, $"the refund ({amount}) is larger than the payment ({payment.Amount})");
        }
        // Last registration wins, so a provider's own gateway can replace an internal one.
        var gateway = gateways.LastOrDefault(g => string.Equals(g.Provider, payment.Provider, StringComparison.OrdinalIgnoreCase));
        if (gateway is null)
        {
            return new GatewayRefund(false, null, $"no refund gateway for provider '{payment.Provider}'");
        }
        var result = await gateway.RefundAsync(payment, amount, reason, orderLineIds, cancellationToken);
        if (!result.Succeeded || string.IsNullOrEmpty(result.ProviderRefundId))
        {
            return result with { Succeeded = false, Error = result.Error ?? "the provider refused the refund" };
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
        await using var transaction = await db.BeginWriteAsync(CancellationToken.None);
        var now = time.GetUtcNow().UtcDateTime;
        scope.ServiceProvider.GetRequiredService<IOutbox>().Enqueue(
            new PaymentRefunded(orderId, payment.Provider, result.ProviderRefundId, amount, payment.Currency, orderLineIds.Count > 0 ? orderLineIds : null, reason, now));
        scope.ServiceProvider.GetRequiredService<IAuditLog>().Append("PaymentRefunded", orderId, payment.Provider,
            new { refundId = result.ProviderRefundId, amount, payment.Currency, lines = orderLineIds.Count });
        // Not cancellable: the provider has already given the money back.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return result;
    }
}
