using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Reseller;

public sealed record SetWholesaleDiscountRequest(decimal? WholesaleDiscountPercent);

/// <summary>
/// <c>PUT /api/admin/reseller/merchants/{id}/pricing</c> and the admin merchants page: the merchant's
/// wholesale discount, which sets its price floor (<see cref="PriceFloor"/>) for the next order.
/// </summary>
internal static class SetWholesaleDiscount
{
    public abstract record Outcome
    {
        public sealed record Saved(decimal Percent) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record UnknownMerchant : Outcome;
    }

    internal sealed class Handler(OrderlyDbContext db, IAuditLog audit)
    {
        public async Task<Outcome> HandleAsync(Guid merchantId, decimal? percent, string actor, CancellationToken ct)
        {
            if (percent is not { } value || !PriceFloor.IsValidDiscount(value))
            {
                return new Outcome.Invalid([new("wholesaleDiscountPercent", PriceFloor.DiscountRule)]);
            }
            var merchant = await db.Set<Merchant>().FirstOrDefaultAsync(m => m.Id == merchantId, ct);
            if (merchant is null)
            {
                return new Outcome.UnknownMerchant();
            }
            audit.Append("MerchantDiscountChanged", null, actor, new { merchantId, from = merchant.WholesaleDiscountPercent, to = value });
            merchant.WholesaleDiscountPercent = value;
            await db.SaveChangesAsync(ct);
            return new Outcome.Saved(value);
        }
    }

    public static async Task<Results<Ok<SetWholesaleDiscountRequest>, ProblemHttpResult>> EndpointAsync(Guid id, SetWholesaleDiscountRequest request, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, request.WholesaleDiscountPercent, ResellerActors.Api, ct) switch
        {
            Outcome.Saved s => TypedResults.Ok(new SetWholesaleDiscountRequest(s.Percent)),
            Outcome.Invalid i => Problems.Validation(i.Errors),
            Outcome.UnknownMerchant => Problems.NotFound(ResellerErrors.MerchantNotFound, $"Merchant {id} does not exist."),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
}
