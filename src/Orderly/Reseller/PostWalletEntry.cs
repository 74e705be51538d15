using Microsoft.AspNetCore.Http.HttpResults;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary>An admin wallet entry: <c>top_up</c> (positive) or <c>adjustment</c> (either sign), in EUR cents.</summary>
public sealed record PostWalletEntryRequest(string? Kind, long AmountMinor, string? Memo);

public sealed record WalletEntryResponse(Guid Id, string Kind, long AmountMinor, long BalanceMinor, DateTime At);

/// <summary>
/// <c>POST /api/admin/reseller/merchants/{id}/wallet/entries</c>: tops up or adjusts the wallet under
/// the wallet lock. An adjustment cannot take the balance below zero.
/// </summary>
internal static class PostWalletEntry
{
    public abstract record Outcome
    {
        public sealed record Posted(WalletEntryResponse Entry) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record UnknownMerchant : Outcome;
        public sealed record WouldGoNegative(long BalanceMinor) : Outcome;
    }

    public static (LedgerEntryKind? Kind, List<ValidationError> Errors) Validate(PostWalletEntryRequest request)
    {
        var errors = new List<ValidationError>();
        LedgerEntryKind? kind = request.Kind switch { "top_up" => LedgerEntryKind.TopUp, "adjustment" => LedgerEntryKind.Adjustment, _ => null };
        if (kind is null)
        {
            errors.Add(new("kind", "must be top_up or adjustment."));
        }
        if (kind == LedgerEntryKind.TopUp ? request.AmountMinor <= 0 : request.AmountMinor == 0)
        {
            errors.Add(new("amountMinor", "must be non-zero EUR cents (positive for a top-up)."));
        }
        if (request.Memo?.Length > 256)
        {
            errors.Add(new("memo", "must be at most 256 characters."));
        }
        return (kind, errors);
    }

    internal sealed class Handler(OrderlyDbContext db, WalletBook wallet, IAuditLog audit)
    {
        public async Task<Outcome> HandleAsync(Guid merchantId, PostWalletEntryRequest request, string actor, CancellationToken ct)
        {
            var (kind, errors) = Validate(request);
            if (errors.Count > 0)
            {
                return new Outcome.Invalid(errors);
            }
            await using var transaction = await db.BeginWriteAsync(ct);
            if (!await wallet.LockAsync(merchantId, ct))
            {
                return new Outcome.UnknownMerchant();
            }
            var balance = await wallet.BalanceAsync(merchantId, ct);
            if (balance + request.AmountMinor < 0)
            {
                return new Outcome.WouldGoNegative(balance);
            }
            var entry = wallet.Post(merchantId, kind!.Value, request.AmountMinor, null, request.Memo);
            audit.Append(kind == LedgerEntryKind.TopUp ? "WalletToppedUp" : "WalletAdjusted", null, actor, new { merchantId, entryId = entry.Id, request.AmountMinor, request.Memo });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Outcome.Posted(new WalletEntryResponse(entry.Id, request.Kind!, request.AmountMinor, balance + request.AmountMinor, entry.At));
        }
    }

    public static async Task<Results<Created<WalletEntryResponse>, ProblemHttpResult>> EndpointAsync(Guid id, PostWalletEntryRequest request, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, request, ResellerActors.Api, ct) switch
        {
            Outcome.Posted p => TypedResults.Created($"/api/admin/reseller/merchants/{id}/wallet", p.Entry),
            Outcome.Invalid i => Problems.Validation(i.Errors),
            Outcome.UnknownMerchant => Problems.NotFound(ResellerErrors.MerchantNotFound, $"Merchant {id} does not exist."),
            Outcome.WouldGoNegative n => Problems.Conflict(ResellerErrors.InsufficientFunds, $"The wallet holds {n.BalanceMinor} EUR cents; the adjustment would take it below zero."),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
}
