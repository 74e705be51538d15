using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orderly.Delivery.Contracts;
using Orderly.Fulfillment.Contracts;
using Orderly.Inventory.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Reseller.Webhooks;

/// <summary>The outgoing event names.</summary>
internal static class WebhookEvents
{
    public const string ProductDelivered = "product.delivered";
    public const string OrderPaid = "order.paid";
    public const string OrderFulfilled = "order.fulfilled";
    public const string OrderRefunded = "order.refunded";
    public const string StockLow = "stock.low";

    public static readonly IReadOnlyList<string> All = [ProductDelivered, OrderPaid, OrderFulfilled, OrderRefunded, StockLow];
}

/// <summary>
/// Turns the other modules' events into stored deliveries, one per interested subscription, in
/// the dispatcher's transaction; <see cref="WebhookDeliveryWorker"/> sends them. Order events go to
/// the merchant whose reseller order it is; <c>stock.low</c> to every subscriber. (Subscription,
/// event key) is unique, so a repeated message adds nothing.
/// </summary>
internal sealed class EnqueueWebhookDeliveries(OrderlyDbContext db, TimeProvider time)
    : IMessageHandler<OrderDelivered>, IMessageHandler<PaymentSucceeded>, IMessageHandler<OrderFulfilled>, IMessageHandler<OrderRefunded>, IMessageHandler<StockLow>
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task HandleAsync(OrderDelivered message, MessageContext context, CancellationToken ct)
    {
        if (await ResellerOrderAsync(message.OrderId, ct) is not { } order)
        {
            return;
        }
        // The seed's product.delivered body, field for field.
        await EnqueueAsync(order.MerchantId, WebhookEvents.ProductDelivered, context, order.RequestId, new Dictionary<string, object?>
        {
            ["status"] = "delivered",
            ["product"] = order.Sku,
            ["email"] = order.ClientEmail,
            ["message"] = "Delivery confirmed.",
            ["test"] = order.TestMode,
            ["request_id"] = order.RequestId,
            ["product_id"] = order.OrderId,
            ["external_id"] = order.ExternalId,
            ["delivered_at"] = message.At,
            ["delivery_source"] = "stock_auto",
        }, ct);
    }

    public Task HandleAsync(PaymentSucceeded message, MessageContext context, CancellationToken ct) =>
        OrderEventAsync(message.OrderId, WebhookEvents.OrderPaid, context, new() { ["amount"] = message.Amount, ["currency"] = message.Currency, ["provider"] = message.Provider, ["paid_at"] = message.At }, ct);

    public Task HandleAsync(OrderFulfilled message, MessageContext context, CancellationToken ct) =>
        OrderEventAsync(message.OrderId, WebhookEvents.OrderFulfilled, context, new() { ["quantity"] = message.Lines.Sum(l => l.Quantity), ["fulfilled_at"] = message.At }, ct);

    public Task HandleAsync(OrderRefunded message, MessageContext context, CancellationToken ct) =>
        OrderEventAsync(message.OrderId, WebhookEvents.OrderRefunded, context, new() { ["amount"] = message.Amount, ["currency"] = message.Currency, ["reason"] = message.Reason, ["refunded_at"] = message.At }, ct);

    public async Task HandleAsync(StockLow message, MessageContext context, CancellationToken ct)
    {
        var merchants = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.Active && s.Events.Contains(WebhookEvents.StockLow))
            .Select(s => s.MerchantId).Distinct().ToListAsync(ct);
        foreach (var merchantId in merchants)
        {
            await EnqueueAsync(merchantId, WebhookEvents.StockLow, context, null,
                new Dictionary<string, object?> { ["product"] = message.Sku, ["available"] = message.Available, ["threshold"] = message.Threshold }, ct);
        }
    }

    private async Task OrderEventAsync(Guid orderId, string eventName, MessageContext context, Dictionary<string, object?> fields, CancellationToken ct)
    {
        if (await ResellerOrderAsync(orderId, ct) is not { } order)
        {
            return;
        }
        fields["request_id"] = order.RequestId;
        fields["product_id"] = order.OrderId;
        fields["product"] = order.Sku;
        fields["external_id"] = order.ExternalId;
        fields["test"] = order.TestMode;
        await EnqueueAsync(order.MerchantId, eventName, context, order.RequestId, fields, ct);
    }

    private Task<ResellerOrder?> ResellerOrderAsync(Guid orderId, CancellationToken ct) =>
        db.Set<ResellerOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.OrderId == orderId, ct);

    private async Task EnqueueAsync(Guid merchantId, string eventName, MessageContext context, Guid? requestId, Dictionary<string, object?> fields, CancellationToken ct)
    {
        var subscriptions = (await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.MerchantId == merchantId && s.Active).ToListAsync(ct))
            .Where(s => s.Wants(eventName)).ToList();
        var eventKey = $"{eventName}:{context.MessageId:N}";
        var now = time.GetUtcNow();
        foreach (var subscription in subscriptions)
        {
            if (await db.Set<WebhookDelivery>().AnyAsync(d => d.SubscriptionId == subscription.Id && d.EventKey == eventKey, ct))
            {
                continue;
            }
            var id = Guid.CreateVersion7(now);
            var body = new Dictionary<string, object?> { ["event"] = eventName, ["id"] = WebhookSignatures.MessageId(id), ["created_at"] = now.UtcDateTime };
            foreach (var (key, value) in fields)
            {
                body[key] = value;
            }
            db.Set<WebhookDelivery>().Add(new WebhookDelivery
            {
                Id = id,
                SubscriptionId = subscription.Id,
                MerchantId = merchantId,
                EventName = eventName,
                EventKey = eventKey,
                RequestId = requestId ?? id,
                Payload = JsonSerializer.Serialize(body, Json),
                Status = WebhookDeliveryStatus.Pending,
                NextAttemptAt = now.UtcDateTime,
                CreatedAt = now.UtcDateTime,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
