using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Payments.WooCommerce;

/// <summary>
/// Tells WooCommerce when an order it knows moved in Orderly (<c>PUT /orders/{id}</c> with the Woo
/// status). Nothing is sent when WooCommerce already shows that status — it reported it itself
/// (no ping-pong: Woo's own webhook would otherwise come back) or it was pushed before (a repeated
/// delivery). A failed push throws, so the handler pipeline retries it with backoff.
/// </summary>
[ExternalEffects]
internal sealed partial class PushWooOrderStatus(OrderlyDbContext db, WooCommerceApi woo, IAuditLog audit, ILogger<PushWooOrderStatus> logger)
    : IMessageHandler<OrderStatusChanged>
{
    public async Task HandleAsync(OrderStatusChanged message, MessageContext context, CancellationToken cancellationToken)
    {
        if (WooStatuses.ToWoo(message.To) is not { } status)
        {
            return;
        }
        var link = await db.Set<WooOrderLink>().SingleOrDefaultAsync(l => l.OrderId == message.OrderId, cancellationToken);
        if (link is null || link.LastStatusSeen == status || link.LastStatusPushed == status)
        {
            return;
        }
        if (!woo.Configured)
        {
            LogNotConfigured(logger, message.OrderId);
            return;
        }
        using var response = await woo.SendAsync(HttpMethod.Put, $"/orders/{link.WooOrderId.ToString(CultureInfo.InvariantCulture)}", new { status }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"WooCommerce answered {(int)response.StatusCode} to the status update of order {link.WooOrderId}.", null, response.StatusCode);
        }
        // Saved by the pipeline with the inbox entry.
        link.LastStatusPushed = status;
        audit.Append("WooStatusPushed", message.OrderId, "woocommerce", new { wooOrderId = link.WooOrderId, status });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderId} is linked to WooCommerce but Payments:WooCommerce is not configured; its status is not pushed")]
    private static partial void LogNotConfigured(ILogger logger, Guid orderId);
}
