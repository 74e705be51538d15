namespace Orderly.Library.Contracts;

/// <summary>Download rights for purchased files.</summary>
public interface IFileGrants
{
    /// <summary>Issues a grant (joins the caller's unit of work). Idempotent per order line.</summary>
    Task<Guid> GrantAsync(Guid customerId, Guid orderId, Guid orderLineId, Guid productId, CancellationToken cancellationToken);
}

/// <summary>
/// The buyer's library token (from the delivery e-mail), read from the <c>X-Library-Token</c>
/// header or the <c>?token=</c> query: the customer it was signed for, or null.
/// </summary>
public static class LibraryToken
{
    public const string Purpose = "library";

    /// <summary>
    /// Rate limit policy of every endpoint a library or download token opens, configured under
    /// <c>RateLimits:Library</c>.
    /// </summary>
    public const string RateLimitPolicy = "Library";

    public static Guid? Customer(HttpRequest request, Hosting.UrlSigner signer)
    {
        var token = request.Headers["X-Library-Token"].ToString();
        return signer.Verify(Purpose, string.IsNullOrEmpty(token) ? request.Query["token"].ToString() : token);
    }
}

/// <summary>Signed links a buyer can follow without signing in.</summary>
public interface ILibraryLinks
{
    string LibraryUrl(Guid customerId);

    /// <summary>The signed library token alone (what <see cref="LibraryUrl"/> carries), for links a page builds itself.</summary>
    string LibraryToken(Guid customerId);
    Task<DownloadLink> DownloadLinkAsync(Guid grantId, CancellationToken cancellationToken);

    /// <summary>The link for a grant whose expiry the caller already has.</summary>
    DownloadLink DownloadLink(Guid grantId, DateTime expiresAt);
}

public sealed record DownloadLink(string Url, DateTime ExpiresAt);

/// <summary>Where the buyer of an order finds what it delivered.</summary>
public interface IOrderLibrary
{
    /// <summary>
    /// The signed library link of the customer whose library holds the order's items; null until
    /// the order has delivered something. Give it only to the order's own buyer.
    /// </summary>
    Task<string?> LibraryUrlAsync(Guid orderId, CancellationToken cancellationToken);
}
