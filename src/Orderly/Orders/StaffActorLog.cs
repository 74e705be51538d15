using Orderly.Audit.Contracts;
using Orderly.Hosting;

namespace Orderly.Orders;

/// <summary>
/// The admin action log of a step a signed-in staff member took on a page: the same entries the API
/// writes (actor "admin", the API key), but naming the person.
/// </summary>
internal sealed class StaffActorLog(IAuditLog audit, string actor) : IAdminActionLog
{
    public void Record(string action, Guid? orderId, object? details) => audit.Append(action, orderId, actor, details);
}
