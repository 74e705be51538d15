namespace Orderly.Library;

/// <summary>One item in a buyer's "My Digital Products": a code or a file of an order line.</summary>
internal sealed class LibraryEntry
{
    public Guid Id { get; set; }
    public Guid CustomerId { get; set; }
    public Guid OrderId { get; set; }
    public Guid OrderLineId { get; set; }
    public Guid ProductId { get; set; }
    public required string Sku { get; set; }
    public required string ProductName { get; set; }
    public Guid? KeyId { get; set; }
    public Guid? FileGrantId { get; set; }
    public DateTime AddedAt { get; set; }
    public DateTime? RevealedAt { get; set; }
    /// <summary>A refund took it back: shown as revoked, the code no longer shown.</summary>
    public DateTime? RevokedAt { get; set; }
}

/// <summary>The right to download a product's file: expiring, counted.</summary>
internal sealed class FileGrant
{
    public Guid Id { get; set; }
    public Guid CustomerId { get; set; }
    public Guid OrderId { get; set; }
    public Guid OrderLineId { get; set; }
    public Guid ProductId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public int MaxDownloads { get; set; }
    public int Downloads { get; set; }
    /// <summary>A refund took it back: downloads are refused.</summary>
    public DateTime? RevokedAt { get; set; }
}

/// <summary>Bound to the "Library" section.</summary>
public sealed class LibraryOptions
{
    public const string Section = "Library";

    /// <summary>How long a download grant (and its link) is valid. Default 30 days.</summary>
    public TimeSpan DownloadLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Downloads allowed per grant. Default 5.</summary>
    public int MaxDownloads { get; set; } = 5;

    /// <summary>How long the library link in an e-mail works. Default 30 days.</summary>
    public TimeSpan LibraryLinkLifetime { get; set; } = TimeSpan.FromDays(30);
}
