using Orderly.Payments.Contracts;
using Stripe;
using PaymentRecord = Orderly.Payments.Contracts.PaymentRecord;

namespace Orderly.Payments.Stripe;

/// <summary>
/// Refunds through Stripe's Refunds API (<c>POST /v1/refunds</c> with <c>payment_intent</c>,
/// <c>amount</c> and <c>metadata[order_id]</c>/<c>metadata[order_line_ids]</c>, which
/// <c>charge.refunded</c> later carries back).
/// </summary>
internal sealed partial class StripeRefundGateway(StripeApi stripe, GatewayRefunds ledger, ILogger<StripeRefundGateway> logger) : IRefundGateway
{
    public string Provider => ReceiveStripeWebhook.Provider;

    public async Task<GatewayRefund> RefundAsync(PaymentRecord payment, long amount, string reason, IReadOnlyList<Guid> orderLineIds, CancellationToken cancellationToken)
    {
        if (stripe.Client() is not { } client)
        {
            return new GatewayRefund(false, null, "Stripe refunds are not configured (Payments:Stripe:SecretKey).");
        }
        var metadata = new Dictionary<string, string> { ["order_id"] = payment.OrderId.ToString() };
        if (orderLineIds.Count > 0)
        {
            metadata["order_line_ids"] = string.Join(',', orderLineIds);
        }
        var options = new RefundCreateOptions { PaymentIntent = payment.ProviderPaymentId, Amount = amount, Metadata = metadata };
        if (reason is "duplicate" or "fraudulent" or "requested_by_customer")
        {
            options.Reason = reason;
        }
        try
        {
            var refund = await new RefundService(client).CreateAsync(options,
                new RequestOptions { IdempotencyKey = ProviderApis.IdempotencyKey(payment.ProviderPaymentId, amount, orderLineIds) }, cancellationToken);
            if (refund.Status is "failed" or "canceled")
            {
                return new GatewayRefund(false, refund.Id, $"Stripe answered the refund with status {refund.Status}.");
            }
            await ledger.RecordAsync(Provider, refund.Id, payment.OrderId, refund.Amount, payment.Currency, cancellationToken);
            return new GatewayRefund(true, refund.Id, null);
        }
        catch (StripeException ex)
        {
            LogRefused(logger, payment.OrderId, ex.StripeError?.Code ?? ex.HttpStatusCode.ToString());
            return new GatewayRefund(false, null, $"Stripe refused the refund ({ex.StripeError?.Code ?? ((int)ex.HttpStatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}): {ex.StripeError?.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new GatewayRefund(false, null, "Stripe could not be reached.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe refused a refund for order {OrderId}: {Code}")]
    private static partial void LogRefused(ILogger logger, Guid orderId, string code);
}
