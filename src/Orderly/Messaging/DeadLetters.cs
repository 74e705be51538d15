using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Messaging;

/// <summary>Admin view of dead-lettered work, and the way back into the queue.</summary>
public static class DeadLetters
{
    public sealed record DeadLetterDto(long Id, Guid MessageId, string MessageType, string Handler, int Attempts, string? LastError, DateTime CreatedAt, DateTime? DeadLetteredAt);

    public static IEndpointRouteBuilder MapDeadLetters(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(HostingModule.AdminPolicy);
        admin.MapGet("/dead-letters", ListAsync).WithName("ListDeadLetters").WithTags("Messaging");
        admin.MapPost("/dead-letters/{id:long}/retry", RetryAsync).WithName("RetryDeadLetter").WithTags("Messaging");
        return app;
    }

    private static async Task<Ok<List<DeadLetterDto>>> ListAsync(ListHandler handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> RetryAsync(long id, RetryHandler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, ct)
            ? TypedResults.NoContent()
            : Problems.NotFound("messaging.dead_letter_not_found", $"No dead-lettered row {id}.");

    /// <summary>The oldest 500 dead-lettered rows (the API and the staff page).</summary>
    internal sealed class ListHandler(OrderlyDbContext db)
    {
        public Task<List<DeadLetterDto>> HandleAsync(CancellationToken ct) =>
            db.Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.Status == OutboxStatus.DeadLettered)
                .OrderBy(m => m.Id)
                .Take(500)
                .Select(m => new DeadLetterDto(m.Id, m.MessageId, m.MessageType, m.Handler, m.Attempts, m.LastError, m.CreatedAt, m.ProcessedAt))
                .ToListAsync(ct);
    }

    /// <summary>Puts one dead-lettered row back in the queue; false when it is not (or no longer) dead-lettered.</summary>
    internal sealed class RetryHandler(OrderlyDbContext db, IAdminActionLog adminLog, TimeProvider time)
    {
        public async Task<bool> HandleAsync(long id, CancellationToken ct)
        {
            var now = time.GetUtcNow().UtcDateTime;
            await using var transaction = await db.BeginWriteAsync(ct);
            var updated = await db.Set<OutboxMessage>()
                .Where(m => m.Id == id && m.Status == OutboxStatus.DeadLettered)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Pending)
                    .SetProperty(m => m.Attempts, 0)
                    .SetProperty(m => m.NextAttemptAt, now)
                    .SetProperty(m => m.ProcessedAt, (DateTime?)null), ct);
            if (updated == 0)
            {
                return false;
            }
            adminLog.Record("DeadLetterRetried", null, new { rowId = id });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
    }
}
