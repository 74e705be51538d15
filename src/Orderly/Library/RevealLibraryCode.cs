using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Keys.Contracts;
using Orderly.Persistence;

namespace Orderly.Library;

/// <summary><c>POST /api/library/entries/{id}/reveal</c>: shows a code in full and records that the buyer saw it.</summary>
internal static class RevealLibraryCode
{
    public sealed record RevealedCode(Guid Id, string Sku, string Code);

    public abstract record Outcome
    {
        public sealed record Revealed(RevealedCode Code) : Outcome;
        public sealed record NotFound : Outcome;
        public sealed record Revoked : Outcome;
    }

    public static async Task<Results<Ok<RevealedCode>, ProblemHttpResult>> HandleAsync(
        Guid id, HttpRequest request, UrlSigner signer, Handler handler, CancellationToken ct)
    {
        if (LibraryAccess.Customer(request, signer) is not { } customerId)
        {
            return LibraryAccess.Denied();
        }
        return await handler.HandleAsync(customerId, id, ct) switch
        {
            Outcome.Revealed r => TypedResults.Ok(r.Code),
            Outcome.Revoked => Problems.Create(StatusCodes.Status410Gone, "library.entry_revoked", "This code was refunded and is no longer yours."),
            _ => Problems.NotFound("library.entry_not_found", "No such code in your library."),
        };
    }

    internal sealed class Handler(OrderlyDbContext db, IKeyVault vault, IAuditLog audit, TimeProvider time)
    {
        public async Task<Outcome> HandleAsync(Guid customerId, Guid id, CancellationToken ct)
        {
            var entry = await db.Set<LibraryEntry>().FirstOrDefaultAsync(e => e.Id == id && e.CustomerId == customerId && e.KeyId != null, ct);
            if (entry is null)
            {
                return new Outcome.NotFound();
            }
            if (entry.RevokedAt is not null)
            {
                return new Outcome.Revoked();
            }
            var keyId = entry.KeyId!.Value;
            var code = (await vault.RevealAsync([keyId], ct))[keyId];
            await using var transaction = await db.BeginWriteAsync(ct);
            entry.RevealedAt ??= time.GetUtcNow().UtcDateTime;
            await vault.MarkRevealedAsync([keyId], ct);
            audit.Append("KeyRevealed", entry.OrderId, "buyer", new { keyId, entry.Sku });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Outcome.Revealed(new RevealedCode(entry.Id, entry.Sku, code));
        }
    }
}
