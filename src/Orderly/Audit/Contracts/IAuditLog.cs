namespace Orderly.Audit.Contracts;

/// <summary>
/// Appends to the tamper-evident audit log. The entry joins the caller's unit of work, so it exists
/// exactly when the step it records was committed. <paramref name="data"/> is serialized as JSON
/// and must never hold secrets (codes, tokens): record ids and masked values instead.
/// </summary>
public interface IAuditLog
{
    void Append(string type, Guid? orderId, string actor, object? data);
}

/// <summary>One audit record as staff read it (<paramref name="Data"/> is the JSON the step recorded).</summary>
public sealed record AuditRecord(long Id, long? Seq, DateTime At, string Type, string Actor, string? Data);

/// <summary>Reads the audit log for staff pages.</summary>
public interface IAuditTrail
{
    /// <summary>Everything recorded about one order, oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken);
}
