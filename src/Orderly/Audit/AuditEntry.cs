namespace Orderly.Audit;

/// <summary>
/// One audit record. Appended unsealed (no contention on the writer's path); the sealer then gives
/// it the next sequence number and a SHA-256 hash over its content and the previous entry's hash.
/// </summary>
internal sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Type { get; set; }
    public Guid? OrderId { get; set; }
    public required string Actor { get; set; }
    public string? Data { get; set; }
    public long? Seq { get; set; }
    public string? PrevHash { get; set; }
    public string? Hash { get; set; }
}

/// <summary>The head of the chain: proves the newest sealed entries were not cut off.</summary>
internal sealed class AuditHead
{
    public int Id { get; set; }
    public long LastSeq { get; set; }
    public long LastEntryId { get; set; }
    public string LastHash { get; set; } = AuditChain.Genesis;
}
