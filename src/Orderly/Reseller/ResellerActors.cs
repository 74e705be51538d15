namespace Orderly.Reseller;

/// <summary>Who the audit log names for a reseller change: the admin API's key, a staff member or a merchant's user (their e-mail).</summary>
internal static class ResellerActors
{
    /// <summary>The admin API (its one shared key), as the platform's admin action log names it.</summary>
    public const string Api = "admin";

    /// <summary>A merchant's user acting on the dashboard: "merchant:{id}:{email}".</summary>
    public static string Merchant(Guid merchantId, string email) => $"merchant:{merchantId}:{email}";
}
