namespace Orderly.Messaging;

/// <summary>Outbox dispatcher settings, bound to the "Messaging" section.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>How often the dispatcher looks for due work when nothing woke it. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows claimed per round. Default 64.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>
    /// Deliveries of in-transaction handlers that share one transaction (database transport). A
    /// failing delivery sends its batch back to one-by-one runs, so larger batches cost more when
    /// something fails. Default 16.
    /// </summary>
    public int HandlerBatchSize { get; set; } = 16;

    /// <summary>Handlers running at once (e-mail sends overlap; database writes queue). Default 8.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>A claim is exclusive this long; a crashed claimant's rows are retaken after it. Default 2 min.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A handler taking longer is cancelled and retried. Default 60 s.</summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts before a row is dead-lettered. Default 10.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>First retry waits up to this long (full jitter, doubling per attempt). Default 2 s.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>No retry waits longer than this. Default 10 min.</summary>
    public TimeSpan BackoffCap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Embedded mode is one process: every lease found at start-up belongs to a process that died,
    /// so release them at once instead of waiting for the lease to run out. Default: on with
    /// SQLite, off with PostgreSQL (where other instances' leases are alive).
    /// </summary>
    public bool? ReleaseLeasesOnStart { get; set; }

    /// <summary>Run the dispatcher in this process. Default true.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>
    /// Who runs the handlers: <c>database</c> (this process's dispatcher, from the outbox) or
    /// <c>rabbitmq</c> (the dispatcher relays each row to a queue per handler; the consumers of every
    /// worker instance compete for them). Default: <c>rabbitmq</c> when <c>ConnectionStrings:RabbitMq</c>
    /// is set, else <c>database</c>.
    /// </summary>
    public MessageTransport? Transport { get; set; }

    /// <summary>RabbitMQ transport: unacknowledged deliveries per handler queue and instance. Default 16.</summary>
    public int Prefetch { get; set; } = 16;

    /// <summary>
    /// RabbitMQ transport: a relayed row whose handler has not finished after this long is relayed
    /// again, in case its message was lost inside the broker (a deleted queue, a broker that lost
    /// its disk). A message that was only slow arrives twice; the inbox makes the second a no-op.
    /// Default 10 min.
    /// </summary>
    public TimeSpan RelayTimeout { get; set; } = TimeSpan.FromMinutes(10);
}

public enum MessageTransport
{
    Database,
    RabbitMq,
}
