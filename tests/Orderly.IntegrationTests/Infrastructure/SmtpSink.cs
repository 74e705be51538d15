using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MimeKit;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>
/// The SMTP sink started by <c>test.sh</c>: a real SMTP server (aiosmtpd) on loopback that stores
/// every message it receives in a maildir. Send through <see cref="Host"/>:<see cref="Port"/>
/// (plain SMTP: no STARTTLS, no AUTH) and read the delivered messages back from
/// <see cref="MailDirectory"/>. The maildir is shared by all tests of a run, so every test uses
/// its own recipient addresses and matches on them.
/// </summary>
/// <remarks>
/// Returned messages are parsed once and cached for the whole run: treat them as read-only and do
/// not dispose them. The sink records the envelope in extra headers (<c>X-MailFrom</c>,
/// <c>X-RcptTo</c>); <see cref="IsAddressedTo"/> uses <c>X-RcptTo</c>, so Bcc recipients match too.
/// </remarks>
internal sealed class SmtpSink
{
    public const string HostVariable = "ORDERLY_TEST_SMTP_HOST";
    public const string PortVariable = "ORDERLY_TEST_SMTP_PORT";
    public const string MailDirectoryVariable = "ORDERLY_TEST_MAILDIR";
    public const string RequireServicesVariable = "ORDERLY_TEST_REQUIRE_SERVICES";

    private const string EnvelopeRecipientsHeader = "X-RcptTo";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly string[] MaildirFolders = ["new", "cur"];

    // Delivered maildir files are written once under a unique name, so a parse is valid for the run.
    private static readonly ConcurrentDictionary<string, MimeMessage> ParsedByPath = new(StringComparer.Ordinal);

    private SmtpSink(string host, int port, string mailDirectory)
    {
        Host = host;
        Port = port;
        MailDirectory = mailDirectory;
    }

    /// <summary>A sink the test runs itself (see <see cref="ControlledSmtpServer"/>).</summary>
    public static SmtpSink At(string host, int port, string mailDirectory) => new(host, port, mailDirectory);

    public string Host { get; }

    public int Port { get; }

    /// <summary>The maildir root (with <c>new</c>, <c>cur</c> and <c>tmp</c> below it).</summary>
    public string MailDirectory { get; }

    /// <summary>
    /// True when <c>ORDERLY_TEST_REQUIRE_SERVICES=1</c> (set by <c>test.sh</c>): a missing real server
    /// must fail the test instead of skipping it.
    /// </summary>
    public static bool ServicesRequired =>
        string.Equals(Environment.GetEnvironmentVariable(RequireServicesVariable), "1", StringComparison.Ordinal);

    /// <summary>
    /// The sink described by <c>ORDERLY_TEST_SMTP_HOST</c>, <c>ORDERLY_TEST_SMTP_PORT</c> and
    /// <c>ORDERLY_TEST_MAILDIR</c>, or null when any of them is unset.
    /// </summary>
    /// <exception cref="InvalidOperationException">The port is not a TCP port number.</exception>
    public static SmtpSink? FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable(HostVariable);
        var portText = Environment.GetEnvironmentVariable(PortVariable);
        var mailDirectory = Environment.GetEnvironmentVariable(MailDirectoryVariable);
        if (string.IsNullOrWhiteSpace(host) || string.IsNullOrWhiteSpace(portText) || string.IsNullOrWhiteSpace(mailDirectory))
        {
            return null;
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{PortVariable}='{portText}' is not a TCP port number.");
        }

        return new SmtpSink(host.Trim(), port, Path.GetFullPath(mailDirectory));
    }

    /// <summary>
    /// Polls the maildir every 100 ms until at least <paramref name="count"/> delivered messages
    /// satisfy <paramref name="match"/>, and returns all matching messages (oldest first).
    /// </summary>
    /// <exception cref="TimeoutException">Fewer than <paramref name="count"/> matched within <paramref name="timeout"/>.</exception>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(Func<MimeMessage, bool> match, int count, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);

        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var all = await LoadAllAsync();
            var matches = all.Where(match).ToList();
            if (matches.Count >= count)
            {
                return matches;
            }

            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                throw new TimeoutException(DescribeTimeout(all, matches.Count, count, timeout));
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>
    /// Messages delivered so far (no waiting) to <paramref name="address"/> as a To, Cc, Bcc or
    /// envelope recipient, oldest first. Addresses compare case-insensitively.
    /// </summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesToAsync(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);

        var all = await LoadAllAsync();
        return all.Where(message => IsAddressedTo(message, address)).ToList();
    }

    /// <summary>
    /// True when <paramref name="address"/> is among the message's To/Cc/Bcc mailboxes or its
    /// envelope recipients (as recorded by the sink). Case-insensitive.
    /// </summary>
    public static bool IsAddressedTo(MimeMessage message, string address)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);

        // Parsed messages are cached for every test, and tests run in parallel: MimeKit builds its
        // address lists lazily, so two readers of one message must not walk them at once.
        lock (message)
        {
            return message.GetRecipients(false).Any(mailbox => string.Equals(mailbox.Address, address, StringComparison.OrdinalIgnoreCase))
                || EnvelopeRecipients(message).Any(recipient => string.Equals(recipient, address, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static string[] EnvelopeRecipients(MimeMessage message)
    {
        var value = message.Headers[EnvelopeRecipientsHeader];
        return string.IsNullOrEmpty(value)
            ? []
            : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    private async Task<List<MimeMessage>> LoadAllAsync()
    {
        if (!Directory.Exists(MailDirectory))
        {
            throw new InvalidOperationException(
                $"The SMTP sink's maildir '{MailDirectory}' does not exist; run the tests with ./test.sh (it starts the sink).");
        }

        var files = new List<FileInfo>();
        foreach (var folder in MaildirFolders)
        {
            var directory = new DirectoryInfo(Path.Combine(MailDirectory, folder));
            if (directory.Exists)
            {
                files.AddRange(directory.EnumerateFiles());
            }
        }

        files.Sort(static (a, b) =>
        {
            var byTime = a.LastWriteTimeUtc.CompareTo(b.LastWriteTimeUtc);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.Name, b.Name);
        });

        var messages = new List<MimeMessage>(files.Count);
        foreach (var file in files)
        {
            var message = await LoadAsync(file.FullName);
            if (message is not null)
            {
                messages.Add(message);
            }
        }

        return messages;
    }

    private static async Task<MimeMessage?> LoadAsync(string path)
    {
        if (ParsedByPath.TryGetValue(path, out var cached))
        {
            return cached;
        }

        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Moved or removed between listing and reading: not a delivered message any more.
            return null;
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"The SMTP sink stored a message that MimeKit cannot parse: {path}", ex);
        }

        return ParsedByPath.GetOrAdd(path, message);
    }

    private string DescribeTimeout(List<MimeMessage> all, int matched, int expected, TimeSpan timeout)
    {
        const int Shown = 10;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"Expected at least {expected} message(s) matching the predicate within {timeout.TotalSeconds:0.###} s, but {matched} matched; ");
        text.Append(CultureInfo.InvariantCulture,
            $"the maildir {MailDirectory} holds {all.Count} message(s) in total.");
        if (all.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" Most recent {Math.Min(Shown, all.Count)}:");
            foreach (var message in all.TakeLast(Shown))
            {
                var recipients = string.Join(", ", EnvelopeRecipients(message));
                text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  to [{recipients}] subject \"{message.Subject}\"");
            }
        }

        return text.ToString();
    }
}
