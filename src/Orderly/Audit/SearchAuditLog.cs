using Microsoft.EntityFrameworkCore;
using Orderly.Persistence;

namespace Orderly.Audit;

/// <summary>
/// The admin audit log viewer (<c>/admin/audit</c>): entries newest first, filtered by action, an
/// entity id (the order id, or any id the entry's data names), actor and date range, one page of
/// <see cref="PageSize"/> at a time (read one row past the page, so no COUNT over the log runs).
/// The data is shown as recorded: <see cref="Contracts.IAuditLog"/> writers record ids and masked values, never secrets.
/// </summary>
internal static class SearchAuditLog
{
    public const int PageSize = 50;

    public sealed record Query(string? Action, string? EntityId, string? Actor, DateOnly? From, DateOnly? To, int Page);

    public sealed record Row(long Id, long? Seq, DateTime At, string Type, Guid? OrderId, string Actor, string? Data);

    public sealed record ResultPage(IReadOnlyList<Row> Rows, int Page, bool HasNext);

    internal sealed class Handler(OrderlyDbContext db)
    {
        public async Task<ResultPage> HandleAsync(Query query, CancellationToken ct)
        {
            var entries = db.Set<AuditEntry>().AsNoTracking();
            if (query.Action?.Trim() is { Length: > 0 } action)
            {
                entries = entries.Where(e => e.Type == action);
            }
            if (query.Actor?.Trim() is { Length: > 0 } actor)
            {
                entries = entries.Where(e => e.Actor == actor);
            }
            if (query.EntityId?.Trim() is { Length: > 0 } entity)
            {
                // Data is JSON written with the web defaults: ids appear in their "D" form, lower case.
                if (Guid.TryParse(entity, out var id))
                {
                    var text = id.ToString();
                    entries = entries.Where(e => e.OrderId == id || (e.Data != null && e.Data.Contains(text)));
                }
                else
                {
                    entries = entries.Where(e => e.Data != null && e.Data.Contains(entity));
                }
            }
            if (query.From is { } from)
            {
                var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                entries = entries.Where(e => e.At >= start);
            }
            if (query.To is { } to)
            {
                var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                entries = entries.Where(e => e.At < end);
            }
            var page = Math.Max(1, query.Page);
            var rows = await entries.OrderByDescending(e => e.Id).Skip((page - 1) * PageSize).Take(PageSize + 1)
                .Select(e => new Row(e.Id, e.Seq, e.At, e.Type, e.OrderId, e.Actor, e.Data)).ToListAsync(ct);
            return new ResultPage(rows.Take(PageSize).ToList(), page, rows.Count > PageSize);
        }

        /// <summary>The actions recorded so far, for the filter's list.</summary>
        public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken ct) =>
            await db.Set<AuditEntry>().AsNoTracking().Select(e => e.Type).Distinct().OrderBy(t => t).ToListAsync(ct);
    }
}
