using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Persistence;

namespace Orderly.Checkout.Coupons;

/// <summary>A coupon as staff see it.</summary>
public sealed record CouponView(Guid Id, string Code, string Kind, int? Percent, long? FixedAmount, string? Currency, int? MaxUses, int Uses,
    DateTime? ExpiresAt, bool Active, long? MinimumSubtotal, DateTime CreatedAt);

/// <param name="Kind"><c>percentage</c> (with <paramref name="Percent"/> 1–100) or <c>fixed</c> (with <paramref name="FixedAmount"/> in minor units and <paramref name="Currency"/>).</param>
/// <param name="Active">Default true.</param>
public sealed record CouponInput(string? Code, string? Kind, int? Percent, long? FixedAmount, string? Currency, int? MaxUses, DateTime? ExpiresAt,
    bool? Active = null, long? MinimumSubtotal = null);

/// <summary>
/// <c>POST /api/admin/coupons</c> (create) and <c>PUT /api/admin/coupons/{id}</c> (update), and the
/// same for the admin page: a unique code (case-insensitive), a percentage or a fixed amount, and the
/// optional limits. Bad input changes nothing (<c>coupons.invalid</c>); a code in use is
/// <c>coupons.code_taken</c>. Audited.
/// </summary>
internal static class SaveCoupon
{
    public const string Invalid = "coupons.invalid";
    public const string CodeTaken = "coupons.code_taken";
    public const string NotFound = "coupons.not_found";

    public abstract record Outcome
    {
        public sealed record Saved(CouponView Coupon) : Outcome;
        public sealed record Refused(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record Taken(string Code) : Outcome;
        public sealed record Missing : Outcome;
    }

    public static List<ValidationError> Validate(CouponInput input)
    {
        var errors = new List<ValidationError>();
        var code = Coupon.Normalize(input.Code);
        if (code.Length is 0 or > Coupon.MaxCode || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors.Add(new("code", $"is required: 1–{Coupon.MaxCode} letters, digits, - or _."));
        }
        switch (input.Kind?.Trim().ToLowerInvariant())
        {
            case "percentage":
                if (input.Percent is not (>= 1 and <= 100))
                {
                    errors.Add(new("percent", "must be 1–100 for a percentage coupon."));
                }
                break;
            case "fixed":
                if (input.FixedAmount is not > 0)
                {
                    errors.Add(new("fixedAmount", "must be a positive amount in minor units for a fixed coupon."));
                }
                break;
            default:
                errors.Add(new("kind", "must be percentage or fixed."));
                break;
        }
        var needsCurrency = input.Kind?.Trim().ToLowerInvariant() == "fixed" || input.MinimumSubtotal is not null;
        var currency = input.Currency?.Trim();
        if ((needsCurrency || !string.IsNullOrEmpty(currency)) && (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetter)))
        {
            errors.Add(new("currency", "must be an ISO 4217 code (EUR) for a fixed amount or a minimum subtotal."));
        }
        if (input.MaxUses is < 1)
        {
            errors.Add(new("maxUses", "must be at least 1 (leave it out for no limit)."));
        }
        if (input.MinimumSubtotal is < 0)
        {
            errors.Add(new("minimumSubtotal", "must not be negative."));
        }
        if (input.ExpiresAt is { Kind: DateTimeKind.Local })
        {
            errors.Add(new("expiresAt", "must be UTC."));
        }
        return errors;
    }

    internal sealed class Handler(OrderlyDbContext db, IAuditLog audit, TimeProvider time)
    {
        /// <param name="id">Null: create.</param>
        /// <param name="actor">Who did it (the audit entry names them).</param>
        public async Task<Outcome> HandleAsync(Guid? id, CouponInput input, string actor, CancellationToken ct)
        {
            var errors = Validate(input);
            if (errors.Count > 0)
            {
                return new Outcome.Refused(errors);
            }
            var code = Coupon.Normalize(input.Code);
            var now = time.GetUtcNow().UtcDateTime;
            Coupon? coupon;
            if (id is { } existing)
            {
                coupon = await db.Set<Coupon>().FirstOrDefaultAsync(c => c.Id == existing, ct);
                if (coupon is null)
                {
                    return new Outcome.Missing();
                }
            }
            else
            {
                coupon = new Coupon { Id = Guid.CreateVersion7(time.GetUtcNow()), Code = code, CreatedAt = now };
                db.Add(coupon);
            }
            if (await db.Set<Coupon>().AnyAsync(c => c.Code == code && c.Id != coupon.Id, ct))
            {
                return new Outcome.Taken(code);
            }
            var percentage = input.Kind!.Trim().Equals("percentage", StringComparison.OrdinalIgnoreCase);
            coupon.Code = code;
            coupon.Percent = percentage ? input.Percent : null;
            coupon.FixedAmount = percentage ? null : input.FixedAmount;
            coupon.Currency = string.IsNullOrWhiteSpace(input.Currency) ? null : input.Currency.Trim().ToUpperInvariant();
            coupon.MaxUses = input.MaxUses;
            coupon.ExpiresAt = input.ExpiresAt is { } expires ? DateTime.SpecifyKind(expires, DateTimeKind.Utc) : null;
            coupon.Active = input.Active ?? true;
            coupon.MinimumSubtotal = input.MinimumSubtotal;
            coupon.UpdatedAt = now;
            audit.Append(id is null ? "CouponCreated" : "CouponUpdated", null, actor, new
            {
                coupon.Id, coupon.Code, coupon.Percent, coupon.FixedAmount, coupon.Currency, coupon.MaxUses, coupon.ExpiresAt, coupon.Active, coupon.MinimumSubtotal,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                return new Outcome.Taken(code); // the same code created at the same moment: the unique index decided
            }
            return new Outcome.Saved(coupon.ToView());
        }
    }

    public static CouponView ToView(this Coupon c) => new(c.Id, c.Code, c.Percent is null ? "fixed" : "percentage", c.Percent, c.FixedAmount, c.Currency,
        c.MaxUses, c.Uses, c.ExpiresAt, c.Active, c.MinimumSubtotal, c.CreatedAt);

    public static async Task<Results<Created<CouponView>, Ok<CouponView>, ProblemHttpResult>> CreateAsync(CouponInput input, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(null, input, "admin", ct) switch
        {
            Outcome.Saved s => TypedResults.Created($"/api/admin/coupons/{s.Coupon.Id}", s.Coupon),
            var other => Problem(other),
        };

    public static async Task<Results<Created<CouponView>, Ok<CouponView>, ProblemHttpResult>> UpdateAsync(Guid id, CouponInput input, Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, input, "admin", ct) switch
        {
            Outcome.Saved s => TypedResults.Ok(s.Coupon),
            var other => Problem(other),
        };

    private static ProblemHttpResult Problem(Outcome outcome) => outcome switch
    {
        Outcome.Refused r => Problems.Create(StatusCodes.Status400BadRequest, Invalid, "The coupon is invalid.", string.Join(" ", r.Errors.Select(e => $"{e.Field}: {e.Message}")),
            new Dictionary<string, object?> { ["errors"] = r.Errors }),
        Outcome.Taken t => Problems.Conflict(CodeTaken, $"The code {t.Code} is taken by another coupon."),
        _ => Problems.NotFound(NotFound, "No such coupon."),
    };
}
