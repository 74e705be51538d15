using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Delivery.Contracts;
using Orderly.Delivery.Email;
using Orderly.Fulfillment.Contracts;
using Orderly.Hosting;
using Orderly.Keys.Contracts;
using Orderly.Library.Contracts;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Delivery;

/// <summary>
/// The e-mail channel: decrypts the codes, renders the template, sends, then records EmailSent
/// (audit, order timeline). Runs outside a transaction (it does network I/O); the dispatcher commits
/// the records with the inbox entry afterwards. A first delivery already recorded is not sent again.
/// </summary>
[ExternalEffects]
internal sealed class SendDeliveryEmail(
    OrderlyDbContext db,
    IKeyVault vault,
    ILibraryLinks links,
    IOrderBook orders,
    IAuditLog audit,
    HtmlComponentRenderer renderer,
    IEmailSender sender,
    IOutbox outbox,
    TimeProvider time) : IMessageHandler<OrderFulfilled>, IMessageHandler<ResendDeliveryEmail>
{
    private static readonly Meter Meter = new("Orderly.Delivery");
    private static readonly Counter<long> Sent = Meter.CreateCounter<long>("orderly.delivery.emails_sent");
    private static readonly Histogram<double> FulfilledToSent = Meter.CreateHistogram<double>("orderly.delivery.fulfilled_to_email", "ms");

    public async Task HandleAsync(OrderFulfilled message, MessageContext context, CancellationToken cancellationToken)
    {
        if (await db.Set<SentEmail>().AnyAsync(e => e.OrderId == message.OrderId && e.Kind == "delivery", cancellationToken))
        {
            return;
        }
        await SendAsync(message.OrderId, message.CustomerId, message.Email, message.Lines, resend: false, context, cancellationToken);
        FulfilledToSent.Record((time.GetUtcNow().UtcDateTime - message.At).TotalMilliseconds);
    }

    public Task HandleAsync(ResendDeliveryEmail message, MessageContext context, CancellationToken cancellationToken) =>
        SendAsync(message.OrderId, message.CustomerId, message.Email, message.Lines, resend: true, context, cancellationToken);

    private async Task SendAsync(Guid orderId, Guid customerId, string to, IReadOnlyList<FulfilledLine> lines, bool resend, MessageContext context, CancellationToken cancellationToken)
    {
        var keyIds = lines.SelectMany(l => l.KeyIds).ToList();
        var codes = keyIds.Count == 0 ? new Dictionary<Guid, string>() : await vault.RevealAsync(keyIds, cancellationToken);
        var items = new List<DeliveryEmailItem>();
        foreach (var line in lines)
        {
            string? url = null;
            string? fileName = null;
            DateTime? expires = null;
            if (line.FileGrantId is { } grantId)
            {
                var link = await links.DownloadLinkAsync(grantId, cancellationToken);
                (url, fileName, expires) = (link.Url, line.ProductName, link.ExpiresAt);
            }
            items.Add(new DeliveryEmailItem(line.ProductName, line.KeyIds.Select(id => codes[id]).ToList(), url, fileName, expires));
        }
        var libraryUrl = links.LibraryUrl(customerId);
        var html = await renderer.RenderAsync<DeliveryEmail>(new()
        {
            [nameof(DeliveryEmail.OrderId)] = orderId,
            [nameof(DeliveryEmail.Items)] = items,
            [nameof(DeliveryEmail.LibraryUrl)] = libraryUrl,
            [nameof(DeliveryEmail.Resend)] = resend,
        });
        var text = new StringBuilder().AppendLine(resend ? "Your products, once more." : "Your order is ready.").AppendLine($"Order {orderId}").AppendLine();
        foreach (var item in items)
        {
            text.AppendLine(item.ProductName);
            item.Codes.ToList().ForEach(c => text.AppendLine($"  {c}"));
            if (item.DownloadUrl is not null)
            {
                text.AppendLine($"  Download: {item.DownloadUrl}");
            }
        }
        text.AppendLine().AppendLine($"My Digital Products: {libraryUrl}");

        // Deterministic for the first delivery, so a retry after a crash carries the same Message-ID.
        var messageId = resend ? $"{context.MessageId:N}.resend@orderly" : $"{orderId:N}.delivery@orderly";
        await sender.SendAsync(new OutgoingEmail(to, resend ? "Your products (resent)" : "Your order is ready", html, text.ToString(), messageId), cancellationToken);
        if (keyIds.Count > 0)
        {
            await vault.MarkRevealedAsync(keyIds, cancellationToken);
        }

        var kind = resend ? "delivery_resend" : "delivery";
        db.Set<SentEmail>().Add(new SentEmail { Id = Guid.CreateVersion7(time.GetUtcNow()), OrderId = orderId, Kind = kind, To = to, MessageId = messageId, SentAt = time.GetUtcNow().UtcDateTime });
        audit.Append("EmailSent", orderId, "system", new { kind, messageId, codes = keyIds.Count, files = lines.Count(l => l.FileGrantId is not null) });
        orders.Note(orderId, resend ? "email_resent" : "email_sent");
        if (!resend)
        {
            outbox.Enqueue(new OrderDelivered(orderId, to, time.GetUtcNow().UtcDateTime));
        }
        Sent.Add(1);
    }
}
