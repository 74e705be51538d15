using Orderly.Payments.Contracts;

namespace Orderly.StoreCredit;

/// <summary>
/// The refund gateway of store-credit payments: nothing leaves the shop, so the request is accepted
/// at once; the credit itself is posted when Orders publishes <c>OrderRefunded</c> (see
/// <see cref="CreditBackRefundedOrder"/>), which keeps one path for every refund of a wallet order.
/// </summary>
internal sealed class RefundToStoreCredit(TimeProvider time) : IRefundGateway
{
    public string Provider => Orders.Contracts.PaymentMethods.Wallet;

    public Task<GatewayRefund> RefundAsync(PaymentRecord payment, long amount, string reason, IReadOnlyList<Guid> orderLineIds, CancellationToken cancellationToken) =>
        Task.FromResult(new GatewayRefund(true, $"wallet_refund_{Guid.CreateVersion7(time.GetUtcNow()):N}", null));
}
