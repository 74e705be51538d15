using System.Collections.Concurrent;
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

/// <summary>
/// Sends through SMTP, keeping up to <see cref="SmtpOptions.PoolSize"/> sessions open between e-mails.
/// A kept session the server has meanwhile closed fails on first use; the e-mail then goes once more
/// on a new connection (a message the server did take before the failure arrives twice at worst, with
/// the same Message-ID, as after any retry).
/// </summary>
internal sealed class SmtpEmailSender(IOptions<EmailOptions> options, TimeProvider time) : IEmailSender, IDisposable
{
    private readonly ConcurrentQueue<(SmtpClient Client, long IdleSince)> _idle = new();

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var settings = options.Value.Smtp;
        using var message = MimeFactory.Create(email, options.Value);
        var client = TakeIdle(settings);
        if (client is not null)
        {
            try
            {
                await client.SendAsync(message, cancellationToken);
                GiveBack(client, settings);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                client.Dispose();
            }
        }

        client = await ConnectAsync(settings, cancellationToken);
        try
        {
            await client.SendAsync(message, cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        GiveBack(client, settings);
    }

    private SmtpClient? TakeIdle(SmtpOptions settings)
    {
        while (_idle.TryDequeue(out var idle))
        {
            if (idle.Client.IsConnected && time.GetElapsedTime(idle.IdleSince) < settings.IdleTimeout)
            {
                return idle.Client;
            }
            idle.Client.Dispose();
        }
        return null;
    }

    private void GiveBack(SmtpClient client, SmtpOptions settings)
    {
        if (_idle.Count < settings.PoolSize)
        {
            _idle.Enqueue((client, time.GetTimestamp()));
            return;
        }
        client.Dispose();
    }

    private static async Task<SmtpClient> ConnectAsync(SmtpOptions settings, CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        var security = settings.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
            }
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        while (_idle.TryDequeue(out var idle))
        {
            idle.Client.Dispose();
        }
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
