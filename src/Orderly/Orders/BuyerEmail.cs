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
    /// <param name="binaryRange">
    /// The key column compares by code point (SQLite's BINARY collation). SQLite uses an index for
    /// <c>LIKE</c> only when the index is NOCASE, so there the prefix becomes the range
    /// <c>[prefix, prefix with its last character incremented)</c>, which holds exactly the keys that
    /// start with it. PostgreSQL's default collation is linguistic, not code point order; its index
    /// (<c>text_pattern_ops</c>) serves the <c>LIKE</c>.
    /// </param>
    public static IQueryable<Order> EmailStartsWith(this IQueryable<Order> orders, string prefix, bool binaryRange)
    {
        var normalized = Normalize(prefix);
        if (binaryRange && Successor(normalized) is { } upper)
        {
            return orders.Where(o => string.Compare(EF.Property<string>(o, Key), normalized) >= 0 && string.Compare(EF.Property<string>(o, Key), upper) < 0);
        }
        return orders.Where(o => EF.Property<string>(o, Key).StartsWith(normalized));
    }

    /// <summary>
    /// The smallest string above every string that starts with <paramref name="prefix"/> (its last
    /// character's code point plus one; UTF-8 and UTF-32 order alike), or null when there is none.
    /// </summary>
    public static string? Successor(string prefix)
    {
        if (prefix.Length == 0)
        {
            return null;
        }
        var lastStart = char.IsLowSurrogate(prefix[^1]) && prefix.Length > 1 ? prefix.Length - 2 : prefix.Length - 1;
        if (System.Text.Rune.DecodeFromUtf16(prefix.AsSpan(lastStart), out var last, out _) != System.Buffers.OperationStatus.Done)
        {
            return null; // a lone surrogate: no code point to increment
        }
        var next = last.Value == 0xD7FF ? 0xE000 : last.Value + 1; // surrogates are not characters
        return next > 0x10FFFF ? null : prefix[..lastStart] + new System.Text.Rune(next);
    }
}
