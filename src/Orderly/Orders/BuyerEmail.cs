using Microsoft.EntityFrameworkCore;

namespace Orderly.Orders;

/// <summary>
/// Finding orders by the buyer's e-mail address. Orders keep the address as the buyer typed it, so
/// every lookup compares lower case; the database keeps <c>lower("Email")</c> in the generated
/// column <see cref="Key"/> and indexes it (see OrderEmailKeyConfiguration), so the buyer's order
/// list and the staff's prefix search read the index instead of lowering every row.
/// </summary>
internal static class BuyerEmail
{
    /// <summary>The generated column (a shadow property: the order never sets it).</summary>
    public const string Key = "EmailKey";

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>The orders placed with this address, in any letter case.</summary>
    public static IQueryable<Order> OfBuyer(this IQueryable<Order> orders, string email)
    {
        var normalized = Normalize(email);
        return orders.Where(o => EF.Property<string>(o, Key) == normalized);
    }

    /// <summary>The orders whose address starts with <paramref name="prefix"/>, in any letter case.</summary>
    public static IQueryable<Order> EmailStartsWith(this IQueryable<Order> orders, string prefix)
    {
        var normalized = Normalize(prefix);
        return orders.Where(o => EF.Property<string>(o, Key).StartsWith(normalized));
    }
}
