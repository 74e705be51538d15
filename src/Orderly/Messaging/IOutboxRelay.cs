namespace Orderly.Messaging;

/// <summary>
/// Hands claimed outbox rows to a broker whose consumers run the handlers (the RabbitMQ transport).
/// Without one, the dispatcher runs the handlers itself (the database transport).
/// </summary>
public interface IOutboxRelay
{
    /// <summary>Sends every row; never throws for a broker failure, it reports which rows the broker confirmed.</summary>
    Task<RelayResult> SendAsync(IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken);
}

/// <param name="Sent">ids of the rows the broker confirmed.</param>
/// <param name="Error">the first failure, when some rows were not confirmed.</param>
public sealed record RelayResult(IReadOnlyCollection<long> Sent, Exception? Error);
