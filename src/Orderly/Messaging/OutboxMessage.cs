namespace Orderly.Messaging;

/// <summary>
/// One delivery of one message to one handler. A message with three handlers is three rows, so each
/// handler (email, in-app, library) retries and dead-letters on its own.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    public required string MessageType { get; set; }
    public required string Handler { get; set; }
    public required string Payload { get; set; }
    public string? TraceParent { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public OutboxStatus Status { get; set; }
    public DateTime? LockedUntil { get; set; }
    public Guid? LockToken { get; set; }
    public string? LastError { get; set; }
    public DateTime? ProcessedAt { get; set; }
}

public enum OutboxStatus
{
    Pending = 0,
    Done = 1,
    DeadLettered = 2,

    /// <summary>
    /// RabbitMQ transport: the broker confirmed it has the message; a consumer will mark the row done,
    /// reschedule it (back to <see cref="Pending"/>) or dead-letter it.
    /// </summary>
    Relayed = 3,
}

/// <summary>Proof that a handler has processed a message: (message id, handler) is unique.</summary>
public sealed class InboxEntry
{
    public Guid MessageId { get; set; }
    public required string Handler { get; set; }
    public DateTime ProcessedAt { get; set; }
}
