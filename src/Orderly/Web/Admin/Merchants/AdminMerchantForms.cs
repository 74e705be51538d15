using System.Globalization;
using Orderly.Hosting;

namespace Orderly.Web.Admin.Merchants;

/// <summary>What the merchant admin forms share: numbers typed by people, and handler errors by field.</summary>
internal static class AdminMerchantForms
{
    /// <summary>"12.5" or "12,5" (either decimal mark, no thousands separators).</summary>
    public static bool TryParseDecimal(string? text, out decimal value) =>
        decimal.TryParse((text ?? "").Trim().Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    public static Dictionary<string, string> FieldErrors(IEnumerable<ValidationError> errors) =>
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => $"It {e.Message}")));
}
