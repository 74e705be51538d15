using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Orderly.Hosting;

/// <summary>
/// CSV that people open in spreadsheets, written by CsvHelper: RFC 4180 (CRLF line ends; a field is
/// quoted when it holds a comma, a quote or a line break, or starts or ends with a space) with
/// CsvHelper's formula injection protection. A field that starts with = + - @, a tab or a carriage
/// return would run as a formula (OWASP "CSV injection"): it is quoted with a leading apostrophe,
/// so it shows as text. A field that is a plain number ("-12.50") can never be a formula and is
/// written as it is, so amounts stay numbers.
/// </summary>
public sealed class SpreadsheetCsv : CsvWriter
{
    private static readonly CsvConfiguration Safe = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        InjectionCharacters = ['=', '+', '-', '@', '\t', '\r'],
        InjectionEscapeCharacter = '\'',
    };

    private SpreadsheetCsv(TextWriter writer) : base(writer, Safe)
    {
    }

    /// <summary>The rows (the header first), each ended by CRLF.</summary>
    public static string Write(IEnumerable<IEnumerable<string>> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new SpreadsheetCsv(text))
        {
            foreach (var row in rows)
            {
                foreach (var field in row)
                {
                    csv.WriteField(field);
                }
                csv.NextRecord();
            }
        }
        return text.ToString();
    }

    protected override string? SanitizeForInjection(string? field) =>
        decimal.TryParse(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
            ? field
            : base.SanitizeForInjection(field);
}
