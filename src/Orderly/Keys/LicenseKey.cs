namespace Orderly.Keys;

internal enum KeyStatus
{
    Available = 0,
    Allocated = 1,
    Revoked = 2,
}

/// <summary>One code. The plaintext exists only as AES-GCM ciphertext under data key <see cref="DataKeyId"/>.</summary>
internal sealed class LicenseKey
{
    public Guid Id { get; set; }
    public Guid ProductId { get; set; }
    public required byte[] BlindIndex { get; set; }
    public required byte[] Ciphertext { get; set; }
    public required string DataKeyId { get; set; }
    public KeyStatus Status { get; set; }
    public bool Generated { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid? OrderId { get; set; }
    public Guid? OrderLineId { get; set; }
    public DateTime? AllocatedAt { get; set; }
    public DateTime? RevealedAt { get; set; }
}

/// <summary>A data-encryption key, stored wrapped (AES-GCM) under the master key.</summary>
internal sealed class DataKey
{
    public required string Id { get; set; }
    public required byte[] WrappedKey { get; set; }
    public bool Active { get; set; }
    public DateTime CreatedAt { get; set; }
}
