namespace Orderly.Delivery.Email;

/// <summary>Bound to the "Email" section.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Sender address of every e-mail. Default <c>Orderly &lt;shop@localhost&gt;</c>.</summary>
    public string From { get; set; } = "Orderly <shop@localhost>";

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    /// <summary>SMTP server. When empty, e-mails are written as .eml files to <c>{DataDir}/mail</c> instead.</summary>
    public string? Host { get; set; }

    /// <summary>Default 25.</summary>
    public int Port { get; set; } = 25;

    /// <summary><c>auto</c> (default: STARTTLS when offered), <c>none</c>, <c>starttls</c>, <c>tls</c>.</summary>
    public string Security { get; set; } = "auto";

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>
    /// Open connections kept for the next e-mails (one SMTP session carries many messages, which
    /// saves a TCP and EHLO/AUTH round per e-mail). 0 opens a connection per e-mail. Default 8.
    /// </summary>
    public int PoolSize { get; set; } = 8;

    /// <summary>A kept connection unused this long is closed instead of reused (servers drop idle sessions). Default 30 s.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-send timeout. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
