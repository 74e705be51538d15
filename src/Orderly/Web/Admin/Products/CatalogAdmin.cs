using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Orderly.Accounts.Contracts;
using Orderly.Hosting;

namespace Orderly.Web.Admin.Products;

/// <summary>What the catalog admin pages share: who acts, whether they may change things, money input.</summary>
public static class CatalogAdmin
{
    /// <summary>The audit actor of a staff member.</summary>
    public static string Actor(ClaimsPrincipal user) => "staff:" + (user.Identity?.Name ?? "unknown");

    /// <summary>Changes need the Manager policy; Staff (support) only views.</summary>
    public static async Task<bool> CanManageAsync(IAuthorizationService authorization, ClaimsPrincipal user) =>
        (await authorization.AuthorizeAsync(user, WebPolicies.Manager)).Succeeded;

    public const string ManagersOnly = "Only managers and admins can change the catalog.";

    /// <summary>"12.50" → 1250 minor units; null for empty, false for unreadable or negative input.</summary>
    public static bool TryMinorUnits(string? text, out long? amount)
    {
        amount = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0 && value < 1_000_000_000m
            && decimal.Round(value, 2) == value)
        {
            amount = (long)(value * 100m);
            return true;
        }
        return false;
    }

    /// <summary>1250 → "12.50" (what the form shows).</summary>
    public static string Major(long? minor) => minor is { } m ? (m / 100m).ToString("0.00", CultureInfo.InvariantCulture) : "";

    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Field name → messages, for showing errors next to their fields.</summary>
    public static Dictionary<string, List<string>> ByField(IEnumerable<ValidationError> errors) =>
        errors.GroupBy(e => e.Field.Split('.')[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToList(), StringComparer.OrdinalIgnoreCase);
}
