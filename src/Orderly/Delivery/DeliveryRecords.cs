namespace Orderly.Delivery;

/// <summary>An e-mail that left Orderly (no content: codes are never stored twice).</summary>
internal sealed class SentEmail
{
    public Guid Id { get; set; }
    public Guid? OrderId { get; set; }
    public required string Kind { get; set; }
    public required string To { get; set; }
    public required string MessageId { get; set; }
    public DateTime SentAt { get; set; }
}

/// <summary>An in-app notification for a buyer (<see cref="CustomerId"/>) or for admins (null).</summary>
internal sealed class Notification
{
    public Guid Id { get; set; }
    public Guid? CustomerId { get; set; }
    public Guid? OrderId { get; set; }
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}
