using Microsoft.Extensions.Options;
using Orderly.Delivery.Email;
using Orderly.Hosting;
using Orderly.Inventory.Contracts;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Delivery.Notifications;

/// <summary>
/// Alerts for admins (stock low, sold out, work dead-lettered): an in-app notification (live to open admin streams) and, when
/// <c>Orderly:AdminEmail</c> is set, an e-mail. Inventory raises each alert once per crossing.
/// </summary>
[ExternalEffects]
internal sealed class AlertAdmins(
    OrderlyDbContext db, INotificationFanout fanout, HtmlComponentRenderer renderer, IEmailSender sender, IOptions<OrderlyOptions> options, TimeProvider time) :
    IMessageHandler<StockLow>, IMessageHandler<StockDepleted>, IMessageHandler<MessageDeadLettered>
{
    public Task HandleAsync(StockLow message, MessageContext context, CancellationToken cancellationToken) =>
        AlertAsync("stock_low", $"Low stock: {message.Sku}", $"{message.Sku} has {message.Available} left (threshold {message.Threshold}). Import more keys or restock.", context, cancellationToken);

    public Task HandleAsync(StockDepleted message, MessageContext context, CancellationToken cancellationToken) =>
        AlertAsync("stock_depleted", $"Out of stock: {message.Sku}", $"{message.Sku} has sold out. New checkouts are refused until stock arrives.", context, cancellationToken);

    public Task HandleAsync(MessageDeadLettered message, MessageContext context, CancellationToken cancellationToken) =>
        AlertAsync("dead_letter", $"Work stopped: {message.Handler}",
            $"Delivering {message.MessageType} to {message.Handler} failed {message.Attempts} times and is parked as dead letter #{message.RowId}: {message.LastError}. Fix the cause, then retry it: POST /api/admin/dead-letters/{message.RowId}/retry.",
            context, cancellationToken);

    private async Task AlertAsync(string kind, string title, string body, MessageContext context, CancellationToken cancellationToken)
    {
        if (options.Value.AdminEmail is { Length: > 0 } to)
        {
            var html = await renderer.RenderAsync<StockAlertEmail>(new() { [nameof(StockAlertEmail.Title)] = title, [nameof(StockAlertEmail.Body)] = body });
            await sender.SendAsync(new OutgoingEmail(to, title, html, body, $"{context.MessageId:N}.alert@orderly"), cancellationToken);
        }
        var notification = new Notification
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Kind = kind,
            Title = title,
            Body = body,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Set<Notification>().Add(notification);
        context.OnCommitted(() => fanout.PublishAsync(NotificationHub.Admins, new NotificationDto(notification.Id, null, kind, title, body, notification.CreatedAt)));
    }
}
