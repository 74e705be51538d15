using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;

namespace Orderly.Payments.Refunds;

/// <summary>
/// Refunds for payments no provider API took: offline money (manual, cash on delivery: the shop
/// pays back by its own means, the refund records it), test mode, and the wallets (the buyer's store
/// credit is credited back when Orders publishes <c>OrderRefunded</c>, one path for every refund).
/// The refund id is generated here.
/// </summary>
internal sealed class InternalRefundGateway(string provider, TimeProvider time) : IRefundGateway
{
    public static readonly IReadOnlyList<string> Providers =
        [PaymentMethods.Manual, PaymentMethods.CashOnDelivery, PaymentMethods.Test, PaymentMethods.Wallet, PaymentMethods.ResellerWallet, "reseller_test"];

    public string Provider => provider;

    public Task<GatewayRefund> RefundAsync(PaymentRecord payment, long amount, string reason, IReadOnlyList<Guid> orderLineIds, CancellationToken cancellationToken) =>
        Task.FromResult(new GatewayRefund(true, $"{provider}_re_{Guid.CreateVersion7(time.GetUtcNow()):N}", null));
}
