using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Hosting;
using Orderly.Library.Contracts;
using Orderly.Persistence;

namespace Orderly.Library;

internal sealed class FileGrants(OrderlyDbContext db, IOptions<LibraryOptions> options, TimeProvider time) : IFileGrants
{
    public async Task<Guid> GrantAsync(Guid customerId, Guid orderId, Guid orderLineId, Guid productId, CancellationToken cancellationToken)
    {
        var existing = await db.Set<FileGrant>().Where(g => g.OrderLineId == orderLineId).Select(g => (Guid?)g.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
        {
            return id;
        }
        var now = time.GetUtcNow();
        var grant = new FileGrant
        {
            Id = Guid.CreateVersion7(now),
            CustomerId = customerId,
            OrderId = orderId,
            OrderLineId = orderLineId,
            ProductId = productId,
            CreatedAt = now.UtcDateTime,
            ExpiresAt = (now + options.Value.DownloadLifetime).UtcDateTime,
            MaxDownloads = options.Value.MaxDownloads,
        };
        db.Set<FileGrant>().Add(grant);
        return grant.Id;
    }
}

internal sealed class LibraryLinks(UrlSigner signer, OrderlyDbContext db, IOptions<OrderlyOptions> orderly, IOptions<LibraryOptions> options, TimeProvider time) : ILibraryLinks
{
    public const string LibraryPurpose = Contracts.LibraryToken.Purpose;
    public const string DownloadPurpose = "download";

    public string LibraryUrl(Guid customerId) => $"{orderly.Value.PublicBaseUrl.TrimEnd('/')}/library?token={LibraryToken(customerId)}";

    public string LibraryToken(Guid customerId) => signer.Sign(LibraryPurpose, customerId, time.GetUtcNow() + options.Value.LibraryLinkLifetime);

    public async Task<DownloadLink> DownloadLinkAsync(Guid grantId, CancellationToken cancellationToken)
    {
        var expiresAt = await db.Set<FileGrant>().Where(g => g.Id == grantId).Select(g => g.ExpiresAt).FirstAsync(cancellationToken);
        return DownloadLink(grantId, expiresAt);
    }

    public DownloadLink DownloadLink(Guid grantId, DateTime expiresAt) => new(
        $"{orderly.Value.PublicBaseUrl.TrimEnd('/')}/downloads/{signer.Sign(DownloadPurpose, grantId, new DateTimeOffset(expiresAt, TimeSpan.Zero))}",
        expiresAt);
}
