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

    public static async Task<Results<Ok<RevealedCode>, ProblemHttpResult>> HandleAsync(
        Guid id, HttpRequest request, UrlSigner signer, OrderlyDbContext db, IKeyVault vault, IAuditLog audit, TimeProvider time, CancellationToken ct)
    {
        if (LibraryAccess.Customer(request, signer) is not { } customerId)
        {
            return LibraryAccess.Denied();
        }
        var entry = await db.Set<LibraryEntry>().FirstOrDefaultAsync(e => e.Id == id && e.CustomerId == customerId && e.KeyId != null, ct);
        if (entry is null)
        {
            return Problems.NotFound("library.entry_not_found", "No such code in your library.");
        }
        if (entry.RevokedAt is not null)
        {
            return Problems.Create(StatusCodes.Status410Gone, "library.entry_revoked", "This code was refunded and is no longer yours.");
        }
        var keyId = entry.KeyId!.Value;
        var code = (await vault.RevealAsync([keyId], ct))[keyId];
        await using var transaction = await db.BeginWriteAsync(ct);
        entry.RevealedAt ??= time.GetUtcNow().UtcDateTime;
        await vault.MarkRevealedAsync([keyId], ct);
        audit.Append("KeyRevealed", entry.OrderId, "buyer", new { keyId, entry.Sku });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new RevealedCode(entry.Id, entry.Sku, code));
    }
}
