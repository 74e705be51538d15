using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Audit.Contracts;
using Orderly.Delivery.Email;
using Orderly.Hosting;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Delivery;

/// <summary>
/// Sends one notice about an order to its buyer, once per <paramref name="kind"/> and key (the
/// Message-ID is deterministic, so a retry after a crash carries the same id), and records it.
/// Shared by the refund and payment-failed e-mails; runs inside an <see cref="Messaging.ExternalEffectsAttribute"/> handler.
/// </summary>
internal sealed class OrderNoticeSender(
    OrderlyDbContext db, IOrderBook orders, IAuditLog audit, HtmlComponentRenderer renderer, IEmailSender sender, IOptions<OrderlyOptions> options, TimeProvider time)
{
    public sealed record Notice(string Kind, string Key, string Subject, IReadOnlyList<string> Paragraphs, string LinkText);

    public async Task SendAsync(Guid orderId, Notice notice, CancellationToken cancellationToken)
    {
        var messageId = $"{notice.Key}.{notice.Kind}@orderly";
        var order = await orders.FindAsync(orderId, cancellationToken);
        if (order is null || await db.Set<SentEmail>().AnyAsync(e => e.OrderId == orderId && e.MessageId == messageId, cancellationToken))
        {
            return;
        }
        // The public status of the order (no e-mail address in it), where the buyer sees what happened.
        var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/api/orders/{orderId}";
        var subject = order.IsTest ? $"[TEST] {notice.Subject}" : notice.Subject;
        var html = await renderer.RenderAsync<OrderNoticeEmail>(new()
        {
            [nameof(OrderNoticeEmail.Title)] = subject,
            [nameof(OrderNoticeEmail.Paragraphs)] = notice.Paragraphs,
            [nameof(OrderNoticeEmail.LinkUrl)] = link,
            [nameof(OrderNoticeEmail.LinkText)] = notice.LinkText,
            [nameof(OrderNoticeEmail.OrderId)] = orderId,
        });
        var text = new StringBuilder().AppendLine(subject).AppendLine();
        notice.Paragraphs.ToList().ForEach(p => text.AppendLine(p).AppendLine());
        text.AppendLine($"{notice.LinkText}: {link}").AppendLine($"Order {orderId}");
        await sender.SendAsync(new OutgoingEmail(order.Email, subject, html, text.ToString(), messageId), cancellationToken);

        var now = time.GetUtcNow().UtcDateTime;
        db.Set<SentEmail>().Add(new SentEmail { Id = Guid.CreateVersion7(time.GetUtcNow()), OrderId = orderId, Kind = notice.Kind, To = order.Email, MessageId = messageId, SentAt = now });
        audit.Append("EmailSent", orderId, "system", new { kind = notice.Kind, messageId });
        orders.Note(orderId, $"email_{notice.Kind}");
    }
}
