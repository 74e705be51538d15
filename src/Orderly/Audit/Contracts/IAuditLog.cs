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
