using System.Text;
using Orderly.Hosting;

namespace Orderly.Web.Admin.Reports;

/// <summary><c>GET /admin/reports/{kind}.csv?from=&amp;to=&amp;currency=</c> (managers): one report section as CSV, the rows of its table.</summary>
internal static class ReportCsv
{
    public static async Task<IResult> HandleAsync(string kind, string? from, string? to, string? currency, SalesReports reports, CancellationToken ct)
    {
        if (!SalesReports.Kinds.Contains(kind))
        {
            return Problems.NotFound("reports.unknown_kind", $"There is no report '{kind}'; choose one of {string.Join(", ", SalesReports.Kinds)}.");
        }
        var filter = ReportFilter.Parse(from, to, currency, reports.Today, out var errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors.Select(e => new ValidationError(e.Key, e.Value)));
        }
        var table = (await reports.TableAsync(kind, filter, ct))!;
        var name = $"{kind}-{ReportFilter.Iso(filter.Period.From)}-to-{ReportFilter.Iso(filter.Period.To)}.csv";
        return Results.File(Encoding.UTF8.GetBytes(ReportCsvWriter.Write(table)), "text/csv; charset=utf-8", name);
    }
}
