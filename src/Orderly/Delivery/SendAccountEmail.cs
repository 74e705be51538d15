using Microsoft.EntityFrameworkCore;
using Orderly.Accounts.Contracts;
using Orderly.Audit.Contracts;
using Orderly.Delivery.Email;
using Orderly.Hosting;
using Orderly.Messaging;
using Orderly.Persistence;

namespace Orderly.Delivery;

/// <summary>
/// Sends an account's confirmation or password reset e-mail. The request is in the outbox with the
/// step that asked for it, so an acknowledged request is never lost; the link and its token are
/// made here, at sending time, and live only in the e-mail (never in the outbox, a dead letter,
/// the audit log or a log line). Sent outside a transaction; a redelivered request whose e-mail
/// was recorded as sent sends nothing.
/// </summary>
[ExternalEffects]
internal sealed class SendAccountEmail(OrderlyDbContext db, IAccountLinks links, IAuditLog audit, HtmlComponentRenderer renderer, IEmailSender sender, TimeProvider time)
    : IMessageHandler<AccountEmailRequested>
{
    public async Task HandleAsync(AccountEmailRequested message, MessageContext context, CancellationToken cancellationToken)
    {
        var messageId = $"{context.MessageId:N}.account@orderly";
        if (await db.Set<SentEmail>().AnyAsync(e => e.OrderId == null && e.MessageId == messageId, cancellationToken)
            || await links.CreateAsync(message.UserId, message.Kind, cancellationToken) is not { } link)
        {
            return;
        }
        var (subject, intro, action, outro) = message.Kind switch
        {
            AccountEmailKinds.ConfirmEmail => ("Confirm your e-mail address",
                "Welcome! Please confirm that this is your e-mail address to finish creating your account.",
                "Confirm my e-mail address",
                "If you did not create an account, ignore this e-mail: nothing happens without the link."),
            _ => ("Choose a new password",
                "Someone (hopefully you) asked to reset the password of your account.",
                "Choose a new password",
                "If you did not ask, ignore this e-mail: your password stays as it is. The link works once."),
        };
        var html = await renderer.RenderAsync<AccountEmail>(new()
        {
            [nameof(AccountEmail.Title)] = subject,
            [nameof(AccountEmail.Intro)] = intro,
            [nameof(AccountEmail.Action)] = action,
            [nameof(AccountEmail.Link)] = link,
            [nameof(AccountEmail.Outro)] = outro,
        });
        var text = $"{subject}\n\n{intro}\n\n{action}: {link}\n\n{outro}\n";
        await sender.SendAsync(new OutgoingEmail(message.Email, subject, html, text, messageId), cancellationToken);

        db.Set<SentEmail>().Add(new SentEmail { Id = Guid.CreateVersion7(time.GetUtcNow()), OrderId = null, Kind = message.Kind, To = message.Email, MessageId = messageId, SentAt = time.GetUtcNow().UtcDateTime });
        audit.Append("EmailSent", null, "system", new { kind = message.Kind, messageId, userId = message.UserId });
    }
}
