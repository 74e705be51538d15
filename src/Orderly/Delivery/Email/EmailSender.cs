using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Orderly.Hosting;

namespace Orderly.Delivery.Email;

public sealed record OutgoingEmail(string To, string Subject, string Html, string Text, string MessageId);

/// <summary>The e-mail seam: SMTP (MailKit) or, with no server configured, a pickup directory.</summary>
public interface IEmailSender
{
    Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}

internal static class MimeFactory
{
    public static MimeMessage Create(OutgoingEmail email, EmailOptions options)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        // A stable Message-ID lets receiving systems drop a duplicate sent after a crash-and-retry.
        message.MessageId = email.MessageId;
        message.Body = new BodyBuilder { HtmlBody = email.Html, TextBody = email.Text }.ToMessageBody();
        return message;
    }
}

internal sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var message = MimeFactory.Create(email, settings);
        using var client = new SmtpClient { Timeout = (int)settings.Smtp.Timeout.TotalMilliseconds };
        var security = settings.Smtp.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(settings.Smtp.Host!, settings.Smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.Smtp.Username))
        {
            await client.AuthenticateAsync(settings.Smtp.Username, settings.Smtp.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

/// <summary>Development default: each e-mail becomes a .eml file you can open in any mail client.</summary>
internal sealed class PickupDirectoryEmailSender(IOptions<EmailOptions> options, IOptions<OrderlyOptions> orderly) : IEmailSender
{
    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(orderly.Value.ResolveDataDir(), "mail");
        Directory.CreateDirectory(directory);
        using var message = MimeFactory.Create(email, options.Value);
        var name = string.Concat(email.MessageId.Where(char.IsAsciiLetterOrDigit));
        await message.WriteToAsync(Path.Combine(directory, $"{name}.eml"), cancellationToken);
    }
}
