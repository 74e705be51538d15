using System.Text.Json;
using Orderly.Delivery.Contracts;
using Orderly.Library.Contracts;
using Orderly.Orders.Contracts;

namespace Orderly.Accounts;

/// <summary>
/// "Export my data" (GDPR art. 15 and 20): everything the shop keeps about the signed-in buyer as
/// one JSON document: profile, addresses, orders with their lines and timeline, library entries
/// (without codes: the library shows those, each reveal recorded) and notifications.
/// </summary>
internal static class ExportAccountData
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    internal sealed class Handler(UpdateProfile.Handler profiles, SaveAddress.Handler addresses, IBuyerOrders orders, ILibraryRecords library,
        IBuyerNotifications notifications, TimeProvider time)
    {
        /// <returns>the UTF-8 JSON document, or null when the account no longer exists.</returns>
        public async Task<byte[]?> HandleAsync(Guid userId, CancellationToken ct)
        {
            if (await profiles.FindAsync(userId) is not { } profile)
            {
                return null;
            }
            var summaries = new List<BuyerOrderSummary>();
            for (var skip = 0; ; skip += 500)
            {
                var page = await orders.ListAsync(profile.Email, skip, 500, ct);
                summaries.AddRange(page.Orders);
                if (summaries.Count >= page.Total || page.Orders.Count == 0)
                {
                    break;
                }
            }
            var details = new List<BuyerOrderDetail>();
            foreach (var summary in summaries)
            {
                if (await orders.FindAsync(profile.Email, summary.Id, ct) is { } detail)
                {
                    details.Add(detail);
                }
            }
            var document = new
            {
                exportedAt = time.GetUtcNow().UtcDateTime,
                profile = new { profile.Id, profile.Email, name = profile.Name, profile.CreatedAt },
                addresses = await addresses.ListAsync(userId, ct),
                orders = details,
                library = await library.ListAsync(userId, ct),
                notifications = await notifications.ListAsync(userId, ct),
            };
            return JsonSerializer.SerializeToUtf8Bytes(document, Json);
        }
    }
}
