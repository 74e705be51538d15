namespace Orderly.Messaging;

/// <summary>
/// Handles one message type. Handlers must be idempotent in effect: the dispatcher records an inbox
/// entry (message id + handler) in the same transaction as the handler's changes, so a handler's
/// database work happens once, but a crash after an external call (SMTP) can repeat that call.
/// </summary>
public interface IMessageHandler<in TMessage> where TMessage : class
{
    Task HandleAsync(TMessage message, MessageContext context, CancellationToken cancellationToken);
}

/// <summary>What a handler knows about the delivery it is processing.</summary>
public sealed record MessageContext(Guid MessageId, string MessageType, int Attempt, DateTime EnqueuedAt, string? TraceParent = null)
{
    private readonly List<Func<Task>> _afterCommit = [];

    /// <summary>Runs <paramref name="action"/> once the handler's transaction has committed (e.g. a live push).</summary>
    public void OnCommitted(Func<Task> action) => _afterCommit.Add(action);

    internal IReadOnlyList<Func<Task>> AfterCommit => _afterCommit;
}

/// <summary>
/// Marks a handler that performs external I/O (SMTP, HTTP). The dispatcher then runs it outside a
/// database transaction and commits its tracked changes (it must not call SaveChanges itself)
/// together with the inbox entry afterwards, so no database lock is held during the I/O.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ExternalEffectsAttribute : Attribute;
