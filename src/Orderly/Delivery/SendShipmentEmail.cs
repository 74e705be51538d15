using System.Text;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Catalog.Contracts;
using Orderly.Delivery.Email;
using Orderly.Hosting;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;
using Orderly.Shipping.Contracts;

namespace Orderly.Delivery;

/// <summary>
/// Tells the buyer their physical items shipped: carrier and tracking number. Sent outside a
/// transaction (network I/O), once per shipment: the Message-ID is deterministic and a sent
/// e-mail is recorded, so a repeated delivery of the event sends nothing.
/// </summary>
[ExternalEffects]
internal sealed class SendShipmentEmail(OrderlyDbContext db, IOrderBook orders, IAuditLog audit, HtmlComponentRenderer renderer, IEmailSender sender, TimeProvider time)
    : IMessageHandler<ShipmentShipped>
{
    public const string Kind = "shipment_shipped";

    public async Task HandleAsync(ShipmentShipped message, MessageContext context, CancellationToken cancellationToken)
    {
        var messageId = $"{message.ShipmentId:N}.shipped@orderly";
        if (await db.Set<SentEmail>().AnyAsync(e => e.OrderId == message.OrderId && e.MessageId == messageId, cancellationToken)
            || await orders.FindAsync(message.OrderId, cancellationToken) is not { } order)
        {
            return;
        }
        var items = order.Lines.Where(l => l.Kind == ProductKind.Physical).Select(l => $"{l.Quantity} × {l.ProductName}").ToList();
        var html = await renderer.RenderAsync<ShipmentShippedEmail>(new()
        {
            [nameof(ShipmentShippedEmail.OrderId)] = order.Id,
            [nameof(ShipmentShippedEmail.Items)] = items,
            [nameof(ShipmentShippedEmail.Carrier)] = message.Carrier,
            [nameof(ShipmentShippedEmail.TrackingNumber)] = message.TrackingNumber,
            [nameof(ShipmentShippedEmail.Test)] = order.IsTest,
        });
        var text = new StringBuilder();
        if (order.IsTest)
        {
            text.AppendLine(SendDeliveryEmail.TestMark + " This is a test order: no money was taken.").AppendLine();
        }
        text.AppendLine("Your order has shipped.").AppendLine($"Order {order.Id}").AppendLine();
        items.ForEach(i => text.AppendLine(i));
        text.AppendLine().AppendLine($"Carrier: {message.Carrier}").AppendLine($"Tracking number: {message.TrackingNumber}");
        var subject = order.IsTest ? $"{SendDeliveryEmail.TestMark} Your order has shipped" : "Your order has shipped";
        await sender.SendAsync(new OutgoingEmail(order.Email, subject, html, text.ToString(), messageId), cancellationToken);

        db.Set<SentEmail>().Add(new SentEmail { Id = Guid.CreateVersion7(time.GetUtcNow()), OrderId = order.Id, Kind = Kind, To = order.Email, MessageId = messageId, SentAt = time.GetUtcNow().UtcDateTime });
        audit.Append("EmailSent", order.Id, "system", new { kind = Kind, messageId, shipmentId = message.ShipmentId, test = order.IsTest });
        orders.Note(order.Id, "shipment_email_sent");
    }
}
