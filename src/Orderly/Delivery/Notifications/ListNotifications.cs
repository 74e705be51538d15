using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Library.Contracts;
using Orderly.Persistence;

namespace Orderly.Delivery.Notifications;

/// <summary>
/// Buyer notifications (<c>GET /api/library/notifications</c>, live: <c>.../stream</c> as
/// server-sent events) and admin notifications (<c>GET /api/admin/notifications</c>, <c>.../stream</c>).
/// A stream first replays the latest notifications, then pushes new ones as they commit.
/// </summary>
internal static class ListNotifications
{
    public static async Task<Results<Ok<List<NotificationDto>>, ProblemHttpResult>> BuyerAsync(HttpRequest request, UrlSigner signer, OrderlyDbContext db, CancellationToken ct) =>
        LibraryToken.Customer(request, signer) is { } customerId
            ? TypedResults.Ok(await LatestAsync(db, customerId, 100, ct))
            : Denied();

    public static Results<ServerSentEventsResult<NotificationDto>, ProblemHttpResult> BuyerStream(HttpRequest request, UrlSigner signer, IServiceScopeFactory scopes, NotificationHub hub, CancellationToken ct) =>
        LibraryToken.Customer(request, signer) is { } customerId
            ? TypedResults.ServerSentEvents(StreamAsync(customerId, scopes, hub, ct), eventType: "notification")
            : Denied();

    public static async Task<Ok<List<NotificationDto>>> AdminAsync(OrderlyDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await LatestAsync(db, null, 100, ct));

    public static ServerSentEventsResult<NotificationDto> AdminStream(IServiceScopeFactory scopes, NotificationHub hub, CancellationToken ct) =>
        TypedResults.ServerSentEvents(StreamAsync(NotificationHub.Admins, scopes, hub, ct), eventType: "notification");

    private static async IAsyncEnumerable<NotificationDto> StreamAsync(Guid audience, IServiceScopeFactory scopes, NotificationHub hub, [EnumeratorCancellation] CancellationToken ct)
    {
        // Subscribe before reading the backlog so nothing committed in between is missed.
        var (subscription, reader) = hub.Subscribe(audience);
        try
        {
            var seen = new HashSet<Guid>();
            List<NotificationDto> backlog;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
                backlog = await LatestAsync(db, audience == NotificationHub.Admins ? null : audience, 20, ct);
            }
            foreach (var item in backlog.OrderBy(n => n.CreatedAt))
            {
                seen.Add(item.Id);
                yield return item;
            }
            await foreach (var item in reader.ReadAllAsync(ct))
            {
                if (seen.Add(item.Id))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            hub.Unsubscribe(audience, subscription);
        }
    }

    private static Task<List<NotificationDto>> LatestAsync(OrderlyDbContext db, Guid? customerId, int take, CancellationToken ct) =>
        db.Set<Notification>().AsNoTracking().Where(n => n.CustomerId == customerId)
            .OrderByDescending(n => n.CreatedAt).Take(take)
            .Select(n => new NotificationDto(n.Id, n.OrderId, n.Kind, n.Title, n.Body, n.CreatedAt)).ToListAsync(ct);

    private static ProblemHttpResult Denied() =>
        Problems.Create(StatusCodes.Status401Unauthorized, "library.invalid_token", "Library link invalid or expired.");
}
