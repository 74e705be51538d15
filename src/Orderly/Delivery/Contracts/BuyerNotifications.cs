namespace Orderly.Delivery.Contracts;

public sealed record BuyerNotificationRecord(Guid? OrderId, string Kind, string Title, string Body, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>A buyer's in-app notifications, for their data export and their account's deletion.</summary>
public interface IBuyerNotifications
{
    /// <summary>Oldest first.</summary>
    Task<IReadOnlyList<BuyerNotificationRecord>> ListAsync(Guid customerId, CancellationToken cancellationToken);

    /// <summary>Deletes them (joins the caller's transaction).</summary>
    Task ForgetAsync(Guid customerId, CancellationToken cancellationToken);
}
