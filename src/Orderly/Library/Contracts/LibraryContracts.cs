namespace Orderly.Library.Contracts;

/// <summary>Download rights for purchased files.</summary>
public interface IFileGrants
{
    /// <summary>Issues a grant (joins the caller's unit of work). Idempotent per order line.</summary>
    Task<Guid> GrantAsync(Guid customerId, Guid orderId, Guid orderLineId, Guid productId, CancellationToken cancellationToken);
}

/// <summary>Signed links a buyer can follow without signing in.</summary>
public interface ILibraryLinks
{
    string LibraryUrl(Guid customerId);
    Task<DownloadLink> DownloadLinkAsync(Guid grantId, CancellationToken cancellationToken);
}

public sealed record DownloadLink(string Url, DateTime ExpiresAt);
