using System.Text.Json;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Audit;

internal sealed class AuditLog(OrderlyDbContext db, TimeProvider time) : IAuditLog, IAdminActionLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Append(string type, Guid? orderId, string actor, object? data) =>
        db.Set<AuditEntry>().Add(new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            Type = type,
            OrderId = orderId,
            Actor = actor,
            Data = data is null ? null : JsonSerializer.Serialize(data, Json),
        });

    public void Record(string action, Guid? orderId, object? details) => Append(action, orderId, "admin", details);
}
