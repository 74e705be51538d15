namespace Orderly.Messaging;

/// <summary>
/// A delivery of a message to a handler gave up after its last attempt and waits in the
/// dead-letter list (<c>GET /api/admin/dead-letters</c>) for an admin to retry it.
/// </summary>
[WireName("messaging.message_dead_lettered")]
public sealed record MessageDeadLettered(long RowId, string MessageType, string Handler, int Attempts, string LastError);
