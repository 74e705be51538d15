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

    private static async Task<Ok<List<DeadLetterDto>>> ListAsync(OrderlyDbContext db, CancellationToken ct)
    {
        var rows = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Status == OutboxStatus.DeadLettered)
            .OrderBy(m => m.Id)
            .Take(500)
            .Select(m => new DeadLetterDto(m.Id, m.MessageId, m.MessageType, m.Handler, m.Attempts, m.LastError, m.CreatedAt, m.ProcessedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(rows);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RetryAsync(
        long id, OrderlyDbContext db, IAdminActionLog adminLog, TimeProvider time, CancellationToken ct)
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
            return Problems.NotFound("messaging.dead_letter_not_found", $"No dead-lettered row {id}.");
        }
        adminLog.Record("DeadLetterRetried", null, new { rowId = id });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
