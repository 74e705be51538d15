using Microsoft.AspNetCore.Http.HttpResults;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.StoreCredit;

/// <param name="Amount">Minor units of <paramref name="Currency"/>, positive.</param>
public sealed record TopUpStoreCreditRequest(long Amount, string? Currency, string? Reason);

public sealed record StoreCreditEntryResponse(Guid Id, string Kind, long Amount, string Currency, long Balance, DateTime At);

/// <summary>
/// <c>POST /api/admin/customers/{email}/wallet/credits</c>: grants store credit to a buyer (the
/// wallet is opened on the first credit), under the wallet lock, audited.
/// </summary>
internal static class TopUpStoreCredit
{
    public const int MaxReason = 256;

    public abstract record Outcome
    {
        public sealed record Credited(StoreCreditEntryResponse Entry) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
    }

    public static List<ValidationError> Validate(string email, TopUpStoreCreditRequest request)
    {
        var errors = new List<ValidationError>();
        if (email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out var address) || !string.Equals(address.Address, email, StringComparison.Ordinal))
        {
            errors.Add(new("email", "must be a valid e-mail address."));
        }
        if (request.Amount is <= 0 or > 1_000_000_000_00)
        {
            errors.Add(new("amount", "must be a positive amount in minor units."));
        }
        if (!Money.IsCurrencyCode(request.Currency))
        {
            errors.Add(new("currency", "must be an ISO 4217 code in upper case, e.g. EUR."));
        }
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxReason)
        {
            errors.Add(new("reason", $"is required, at most {MaxReason} characters."));
        }
        return errors;
    }

    internal sealed class Handler(OrderlyDbContext db, CreditLedger ledger, IAuditLog audit)
    {
        public async Task<Outcome> HandleAsync(string email, TopUpStoreCreditRequest request, CancellationToken ct)
        {
            var errors = Validate(email, request);
            if (errors.Count > 0)
            {
                return new Outcome.Invalid(errors);
            }
            await using var transaction = await db.BeginWriteAsync(ct);
            var accountId = await ledger.LockOrOpenAsync(email, request.Currency!, ct);
            var balance = await ledger.BalanceAsync(accountId, ct);
            var entry = ledger.Post(accountId, CreditEntryKind.TopUp, request.Amount, null, request.Reason!.Trim());
            audit.Append("StoreCreditGranted", null, "admin", new { accountId, entryId = entry.Id, request.Amount, request.Currency, reason = entry.Reason });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Outcome.Credited(new StoreCreditEntryResponse(entry.Id, "top_up", request.Amount, request.Currency!, balance + request.Amount, entry.At));
        }
    }

    public static async Task<Results<Created<StoreCreditEntryResponse>, ProblemHttpResult>> EndpointAsync(string email, TopUpStoreCreditRequest request, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(email, request, ct) switch
        {
            Outcome.Credited c => TypedResults.Created($"/api/admin/customers/{Uri.EscapeDataString(email)}/wallet", c.Entry),
            Outcome.Invalid i => Problems.Validation(i.Errors),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
}
