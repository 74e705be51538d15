using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Catalog.Contracts;
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
/// Physical lines are never delivered here (they ship; the e-mail says so), so an order of physical
/// goods only sends nothing. A test order's e-mail is marked [TEST] in subject and body.
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
        if (await SendAsync(message.OrderId, message.CustomerId, message.Email, message.Lines, resend: false, context, cancellationToken))
        {
            FulfilledToSent.Record((time.GetUtcNow().UtcDateTime - message.At).TotalMilliseconds);
        }
    }

    public Task HandleAsync(ResendDeliveryEmail message, MessageContext context, CancellationToken cancellationToken) =>
        SendAsync(message.OrderId, message.CustomerId, message.Email, message.Lines, resend: true, context, cancellationToken);

    /// <summary>Sends the e-mail of the order's digital lines; false when it has none (nothing sent, nothing recorded).</summary>
    private async Task<bool> SendAsync(Guid orderId, Guid customerId, string to, IReadOnlyList<FulfilledLine> fulfilled, bool resend, MessageContext context, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(orderId, cancellationToken);
        var physical = order?.Lines.Where(l => l.Kind == ProductKind.Physical).Select(l => l.Id).ToHashSet() ?? [];
        var lines = fulfilled.Where(l => !physical.Contains(l.OrderLineId)).ToList();
        if (lines.Count == 0)
        {
            return false;
        }
        var isTest = order?.IsTest ?? false;
        var shipsSeparately = physical.Count > 0;
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
            [nameof(DeliveryEmail.Test)] = isTest,
            [nameof(DeliveryEmail.ShipsSeparately)] = shipsSeparately,
            [nameof(DeliveryEmail.Totals)] = resend ? null : order?.Totals,
        });
        var text = new StringBuilder();
        if (isTest)
        {
            text.AppendLine(TestMark + " This is a test order: no money was taken.").AppendLine();
        }
        text.AppendLine(resend ? "Your products, once more." : "Your order is ready.").AppendLine($"Order {orderId}").AppendLine();
        foreach (var item in items)
        {
            text.AppendLine(item.ProductName);
            item.Codes.ToList().ForEach(c => text.AppendLine($"  {c}"));
            if (item.DownloadUrl is not null)
            {
                text.AppendLine($"  Download: {item.DownloadUrl}");
            }
        }
        if (!resend && order?.Totals is { } totals)
        {
            text.AppendLine();
            foreach (var (label, amount) in DeliveryEmail.TotalsLines(totals))
            {
                text.AppendLine($"{label}: {amount}");
            }
        }
        if (shipsSeparately)
        {
            text.AppendLine().AppendLine("The physical items of this order ship separately; you will get their tracking details by e-mail.");
        }
        text.AppendLine().AppendLine($"My Digital Products: {libraryUrl}");

        // Deterministic for the first delivery, so a retry after a crash carries the same Message-ID.
        var messageId = resend ? $"{context.MessageId:N}.resend@orderly" : $"{orderId:N}.delivery@orderly";
        var subject = resend ? "Your products (resent)" : "Your order is ready";
        await sender.SendAsync(new OutgoingEmail(to, isTest ? $"{TestMark} {subject}" : subject, html, text.ToString(), messageId), cancellationToken);
        if (keyIds.Count > 0)
        {
            await vault.MarkRevealedAsync(keyIds, cancellationToken);
        }

        var kind = resend ? "delivery_resend" : "delivery";
        db.Set<SentEmail>().Add(new SentEmail { Id = Guid.CreateVersion7(time.GetUtcNow()), OrderId = orderId, Kind = kind, To = to, MessageId = messageId, SentAt = time.GetUtcNow().UtcDateTime });
        audit.Append("EmailSent", orderId, "system", new { kind, messageId, codes = keyIds.Count, files = lines.Count(l => l.FileGrantId is not null), test = isTest });
        orders.Note(orderId, resend ? "email_resent" : "email_sent");
        if (!resend)
        {
            outbox.Enqueue(new OrderDelivered(orderId, to, time.GetUtcNow().UtcDateTime));
        }
        Sent.Add(1);
        return true;
    }

    /// <summary>What marks a test order's e-mails (subject and body).</summary>
    public const string TestMark = "[TEST]";
}
