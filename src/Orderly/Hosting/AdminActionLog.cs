namespace Orderly.Hosting;

/// <summary>
/// Records an admin action in the audit trail. Declared by the platform so platform endpoints
/// (dead letters) can record actions without depending on a module; the Audit module implements it.
/// The record joins the caller's unit of work.
/// </summary>
public interface IAdminActionLog
{
    void Record(string action, Guid? orderId, object? details);
}
