using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Checkout.Contracts;
using Orderly.Hosting;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Reseller;

/// <summary>The reseller order body (the seed's field names). <c>api_key</c> may come here or as a bearer token.</summary>
public sealed record ResellerOrderRequest(
    [property: JsonPropertyName("api_key")] string? ApiKey,
    [property: JsonPropertyName("product")] string? Product,
    [property: JsonPropertyName("balance")] decimal? Balance,
    [property: JsonPropertyName("quantity")] int? Quantity,
    [property: JsonPropertyName("currency")] string? Currency,
    [property: JsonPropertyName("client_email")] string? ClientEmail,
    [property: JsonPropertyName("external_id")] string? ExternalId);

public sealed record ResellerOrderResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("test_mode")] bool TestMode,
    [property: JsonPropertyName("request_id")] Guid RequestId,
    [property: JsonPropertyName("product_id")] Guid ProductId,
    [property: JsonPropertyName("order_id")] Guid OrderId,
    [property: JsonPropertyName("external_id")] string? ExternalId,
    [property: JsonPropertyName("debited_eur")] decimal DebitedEur,
    [property: JsonPropertyName("new_wallet_balance_eur")] decimal NewWalletBalanceEur,
    [property: JsonPropertyName("unit_fx")] UnitFx UnitFx,
    [property: JsonPropertyName("delivery_status")] string DeliveryStatus);

public sealed record UnitFx(
    [property: JsonPropertyName("input")] FxInput Input,
    [property: JsonPropertyName("eur_per_unit")] decimal EurPerUnit,
    [property: JsonPropertyName("rate")] decimal Rate,
    [property: JsonPropertyName("rate_source")] string RateSource,
    [property: JsonPropertyName("rate_as_of")] DateTime RateAsOf);

public sealed record FxInput(
    [property: JsonPropertyName("amount")] decimal Amount,
    [property: JsonPropertyName("currency")] string Currency);

/// <summary>
/// <c>POST /api/reseller/v1/orders</c> (alias <c>POST /wp-json/custom-api/v1/add-product/</c>): one
/// transaction locks the merchant's wallet, checks the balance, places the order through checkout
/// (stock reserved), debits the wallet and records the internal payment, which starts fulfillment
/// and delivery exactly as a Stripe payment does. Anything refused changes nothing.
/// </summary>
internal static class PlaceResellerOrder
{
    /// <summary>Orders of this product are test orders whatever the key (D7).</summary>
    public const string TestSku = Catalog.Contracts.TestProducts.Sku;
    public const string WalletProvider = "reseller_wallet";
    public const string TestProvider = "reseller_test";
    public const string Pending = "pending_external_delivery";
    public const string Delivered = "delivered";
    private const int MaxQuantity = 100;

    public abstract record Outcome
    {
        public sealed record Placed(ResellerOrderResponse Response) : Outcome;
        public sealed record Replayed(ResellerOrderResponse Response) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record Conflict(string ExternalId) : Outcome;
        public sealed record NoFxRate(string Currency) : Outcome;
        public sealed record InsufficientFunds(long BalanceMinor, long RequiredMinor) : Outcome;
        public sealed record UnknownProduct(string Sku) : Outcome;
        public sealed record Refused(string Code, string Detail) : Outcome;
        public sealed record InsufficientStock(string Sku, int Requested, int Available) : Outcome;
        public sealed record BelowFloor(long UnitEurMinor, long FloorEurMinor) : Outcome;
    }

    /// <summary>A request that passed validation, in minor units. <see cref="PriceGiven"/>: false for a test order sent without a <c>balance</c> (the seed's DGTEST requests), which has no price to check.</summary>
    public sealed record ValidOrder(string Sku, long UnitMinor, int Quantity, string Currency, string Email, string? ExternalId, bool TestMode, bool PriceGiven = true)
    {
        /// <summary>What makes two requests "the same" for idempotency: everything but the key and the external id.</summary>
        public string PayloadHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{Sku}\n{UnitMinor}\n{Quantity}\n{Currency}\n{Email.ToLowerInvariant()}")));
    }

    public enum Idempotency
    {
        New,
        Replay,
        Conflict,
    }

    /// <summary>A repeated external id: the same payload gets the first answer again, another payload is a conflict.</summary>
    public static Idempotency Decide(string? storedPayloadHash, string payloadHash) => storedPayloadHash switch
    {
        null => Idempotency.New,
        _ when string.Equals(storedPayloadHash, payloadHash, StringComparison.Ordinal) => Idempotency.Replay,
        _ => Idempotency.Conflict,
    };

    public static (ValidOrder? Order, List<ValidationError> Errors) Validate(ResellerOrderRequest request, bool testKey)
    {
        var errors = new List<ValidationError>();
        var sku = request.Product?.Trim();
        if (string.IsNullOrEmpty(sku) || sku.Length > 64)
        {
            errors.Add(new("product", "is required (the product's SKU, at most 64 characters)."));
        }
        var testMode = testKey || string.Equals(sku, TestSku, StringComparison.OrdinalIgnoreCase);
        long? unitMinor = request.Balance is { } balance ? Fx.ToMinor(balance) : testMode ? 0 : null;
        if (unitMinor is null)
        {
            errors.Add(new("balance", "is required: the unit price, zero or more, with at most two decimals."));
        }
        if (request.Quantity is not (>= 1 and <= MaxQuantity))
        {
            errors.Add(new("quantity", $"must be between 1 and {MaxQuantity}."));
        }
        var currency = request.Currency?.Trim().ToUpperInvariant();
        if (!Fx.IsSupported(currency))
        {
            errors.Add(new("currency", $"must be one of {string.Join(", ", Fx.Currencies)}."));
        }
        var email = request.ClientEmail?.Trim();
        if (!IsEmail(email))
        {
            errors.Add(new("client_email", "must be a valid e-mail address."));
        }
        var externalId = string.IsNullOrWhiteSpace(request.ExternalId) ? null : request.ExternalId.Trim();
        if (externalId is { Length: > 128 })
        {
            errors.Add(new("external_id", "must be at most 128 characters."));
        }
        return errors.Count > 0
            ? (null, errors)
            : (new ValidOrder(sku!, unitMinor!.Value, request.Quantity!.Value, currency!, email!, externalId, testMode, request.Balance is not null), errors);
    }

    private static bool IsEmail(string? value) =>
        value is { Length: > 2 and <= 254 } && System.Net.Mail.MailAddress.TryCreate(value, out var address) && string.Equals(address.Address, value, StringComparison.Ordinal);

    public static string DeliveryStatus(ResellerOrder order) => order.DeliveredAt is null ? Pending : Delivered;

    public static ResellerOrderResponse Answer(ResellerOrder order, string message) => new(
        true, message, order.TestMode, order.RequestId, order.OrderId, order.OrderId, order.ExternalId,
        Fx.ToMajor(order.DebitedMinor), Fx.ToMajor(order.BalanceAfterMinor),
        new UnitFx(new FxInput(Fx.ToMajor(order.UnitAmountMinor), order.Currency), Fx.ToMajor(Fx.UnitEurMinor(order.UnitAmountMinor, order.EurPerUnit)),
            order.EurPerUnit, order.FxSource, order.FxAsOf),
        DeliveryStatus(order));

    internal sealed class Handler(OrderlyDbContext db, WalletBook wallet, FxRates rates, IDirectCheckout checkout, IInternalPayments payments, IAuditLog audit, TimeProvider time)
    {
        private const int MaxRounds = 4;

        public async Task<Outcome> HandleAsync(ResellerCaller caller, ResellerOrderRequest request, CancellationToken ct)
        {
            var (valid, errors) = Validate(request, caller.TestMode);
            if (valid is null)
            {
                return new Outcome.Invalid(errors);
            }
            var payloadHash = valid.PayloadHash();
            for (var round = 1; ; round++)
            {
                try
                {
                    var outcome = await TryPlaceAsync(caller, valid, payloadHash, ct);
                    if (outcome is not null)
                    {
                        return outcome;
                    }
                }
                catch (DbUpdateException) when (round < MaxRounds && valid.ExternalId is not null)
                {
                    // A concurrent request with the same external id committed first (unique index):
                    // the next round finds it and replays or refuses.
                }
                db.ChangeTracker.Clear();
                if (round == MaxRounds)
                {
                    throw new InvalidOperationException($"Stock changed under a reseller order {MaxRounds} times in a row.");
                }
            }
        }

        /// <summary>One attempt in one transaction; null when stock changed under it and it must run again.</summary>
        private async Task<Outcome?> TryPlaceAsync(ResellerCaller caller, ValidOrder order, string payloadHash, CancellationToken ct)
        {
            await using var transaction = await db.BeginWriteAsync(ct);
            if (order.ExternalId is not null)
            {
                var existing = await db.Set<ResellerOrder>().AsNoTracking()
                    .FirstOrDefaultAsync(o => o.MerchantId == caller.MerchantId && o.ExternalId == order.ExternalId, ct);
                switch (Decide(existing?.PayloadHash, payloadHash))
                {
                    case Idempotency.Replay:
                        return new Outcome.Replayed(Answer(existing!, "Already recorded; this is the first answer."));
                    case Idempotency.Conflict:
                        return new Outcome.Conflict(order.ExternalId);
                }
            }
            var now = time.GetUtcNow().UtcDateTime;
            var quote = order.Currency == "EUR" ? FxQuote.Euro(now) : await rates.LatestAsync(order.Currency, ct);
            if (quote is null)
            {
                return new Outcome.NoFxRate(order.Currency);
            }
            var debit = Fx.DebitEurMinor(order.UnitMinor, order.Quantity, quote.EurPerUnit);
            if (!order.TestMode && !await wallet.LockAsync(caller.MerchantId, ct))
            {
                throw new InvalidOperationException($"Merchant {caller.MerchantId} of an authenticated key does not exist.");
            }
            var balance = await wallet.BalanceAsync(caller.MerchantId, ct);
            if (!order.TestMode && !Wallet.Covers(balance, debit))
            {
                return new Outcome.InsufficientFunds(balance, debit);
            }

            switch (await checkout.PlaceAsync(new DirectOrder(order.Email, order.Sku, order.Quantity), ct))
            {
                case DirectOrderOutcome.UnknownProduct u:
                    return new Outcome.UnknownProduct(u.Sku);
                case DirectOrderOutcome.Refused r:
                    return new Outcome.Refused(r.Code, r.Detail);
                case DirectOrderOutcome.InsufficientStock s:
                    return new Outcome.InsufficientStock(s.Sku, s.Requested, s.Available);
                case DirectOrderOutcome.StockChanged:
                    return null;
                case DirectOrderOutcome.Placed placed:
                    // Checked in test mode too, so a test order shows what the live one would get;
                    // returning without commit rolls the order and its reservation back.
                    if (await BelowFloorAsync(caller.MerchantId, order, quote, placed, ct) is { } below)
                    {
                        return below;
                    }
                    var row = new ResellerOrder
                    {
                        Id = Guid.CreateVersion7(time.GetUtcNow()),
                        RequestId = caller.RequestId,
                        MerchantId = caller.MerchantId,
                        ApiKeyId = caller.ApiKeyId,
                        ExternalId = order.ExternalId,
                        PayloadHash = payloadHash,
                        OrderId = placed.OrderId,
                        Sku = placed.Sku,
                        Quantity = order.Quantity,
                        ClientEmail = order.Email,
                        TestMode = order.TestMode,
                        DebitedMinor = order.TestMode ? 0 : debit,
                        UnitAmountMinor = order.UnitMinor,
                        Currency = order.Currency,
                        EurPerUnit = quote.EurPerUnit,
                        FxSource = quote.Source,
                        FxAsOf = quote.AsOf,
                        BalanceAfterMinor = order.TestMode ? balance : balance - debit,
                        CreatedAt = now,
                    };
                    db.Set<ResellerOrder>().Add(row);
                    if (!order.TestMode)
                    {
                        wallet.Post(caller.MerchantId, LedgerEntryKind.Debit, -debit, row.Id, $"order {placed.OrderId}");
                    }
                    // The order is settled by the wallet (its own price stays the catalog's): the
                    // payment covers the order total, so fulfillment proceeds as after a card payment.
                    payments.Record(new InternalPayment(placed.OrderId, order.TestMode ? TestProvider : WalletProvider, row.Id.ToString(), placed.Total.Amount, placed.Total.Currency));
                    audit.Append("ResellerOrderPlaced", placed.OrderId, $"merchant:{caller.MerchantId}",
                        new { requestId = caller.RequestId, debitedEur = row.DebitedMinor, row.Currency, row.EurPerUnit, row.TestMode });
                    await db.SaveChangesAsync(ct);
                    await transaction.CommitAsync(ct);
                    return new Outcome.Placed(Answer(row, "Order recorded; delivery follows."));
                default:
                    throw new InvalidOperationException("Unhandled checkout outcome.");
            }
        }

        /// <summary>The order's EUR unit price against the merchant's floor (<see cref="PriceFloor"/>); null when it passes.</summary>
        private async Task<Outcome?> BelowFloorAsync(Guid merchantId, ValidOrder order, FxQuote quote, DirectOrderOutcome.Placed placed, CancellationToken ct)
        {
            var discount = await db.Set<Merchant>().Where(m => m.Id == merchantId).Select(m => m.WholesaleDiscountPercent).FirstAsync(ct);
            if (!order.PriceGiven || discount >= 100)
            {
                return null;
            }
            var catalogRate = placed.Total.Currency == "EUR" ? 1m : (await rates.LatestAsync(placed.Total.Currency, ct))?.EurPerUnit;
            if (catalogRate is null)
            {
                return new Outcome.NoFxRate(placed.Total.Currency);
            }
            var floor = PriceFloor.FloorEurMinor(PriceFloor.CatalogUnitEurMinor(placed.Total.Amount, order.Quantity, catalogRate.Value), discount);
            var unit = Fx.UnitEurMinor(order.UnitMinor, quote.EurPerUnit);
            return PriceFloor.IsBelow(unit, floor) ? new Outcome.BelowFloor(unit, floor) : null;
        }
    }

    public static async Task<Results<Created<ResellerOrderResponse>, Ok<ResellerOrderResponse>, ProblemHttpResult>> EndpointAsync(
        ResellerOrderRequest request, HttpContext context, Handler handler, RequestLog log, CancellationToken ct)
    {
        var caller = ResellerCaller.From(context);
        if (await log.RefuseByAddressAsync(caller, context, request, ct) is { } refused)
        {
            return refused;
        }
        var outcome = await handler.HandleAsync(caller, request, ct);
        Results<Created<ResellerOrderResponse>, Ok<ResellerOrderResponse>, ProblemHttpResult> result = outcome switch
        {
            Outcome.Placed p => TypedResults.Created($"/api/reseller/v1/orders/{p.Response.RequestId}", p.Response),
            Outcome.Replayed r => Replayed(context, r.Response),
            Outcome.Invalid i => ResellerProblems.Create(context, 400, "request.invalid", "The request is invalid.",
                string.Join(" ", i.Errors.Select(e => $"{e.Field}: {e.Message}")), new Dictionary<string, object?> { ["errors"] = i.Errors }),
            Outcome.Conflict c => ResellerProblems.Create(context, 409, ResellerErrors.IdempotencyConflict, "The external id was used for another order.",
                $"external_id '{c.ExternalId}' was already used with a different payload."),
            Outcome.NoFxRate f => ResellerProblems.Create(context, 422, ResellerErrors.FxRateUnavailable, "No exchange rate.",
                $"No EUR rate for {f.Currency} is recorded."),
            Outcome.InsufficientFunds f => ResellerProblems.Create(context, 402, ResellerErrors.InsufficientFunds, "Insufficient wallet balance.",
                $"The order costs {Fx.ToMajor(f.RequiredMinor)} EUR; the wallet holds {Fx.ToMajor(f.BalanceMinor)} EUR. Nothing was debited.",
                new Dictionary<string, object?> { ["required_eur"] = Fx.ToMajor(f.RequiredMinor), ["wallet_balance_eur"] = Fx.ToMajor(f.BalanceMinor) }),
            Outcome.UnknownProduct u => ResellerProblems.Create(context, 400, "catalog.product_not_found", "Unknown product.", $"Unknown SKU '{u.Sku}'."),
            Outcome.Refused r => ResellerProblems.Create(context, 422, r.Code, "The order cannot be placed.", r.Detail),
            Outcome.InsufficientStock s => ResellerProblems.Create(context, 409, "inventory.insufficient_stock", "Out of stock.",
                $"Only {s.Available} of '{s.Sku}' left; {s.Requested} requested. Nothing was debited."),
            Outcome.BelowFloor b => ResellerProblems.Create(context, 422, ResellerErrors.PriceBelowFloor, "The unit price is below the merchant's price floor.",
                $"The unit price is {Fx.ToMajor(b.UnitEurMinor)} EUR; this merchant pays at least {Fx.ToMajor(b.FloorEurMinor)} EUR a unit. Nothing was debited.",
                new Dictionary<string, object?> { ["unit_price_eur"] = Fx.ToMajor(b.UnitEurMinor), ["floor_eur"] = Fx.ToMajor(b.FloorEurMinor) }),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
        await log.RecordAsync(caller.MerchantId, context, request, OutcomeName(outcome), (result.Result as IStatusCodeHttpResult)?.StatusCode ?? 200, ct);
        return result;
    }

    private static string OutcomeName(Outcome outcome) => outcome.GetType().Name.ToLowerInvariant();

    /// <summary>
    /// The first answer again. Its body names the request that placed the order; <c>X-Request-Id</c>
    /// stays this request's own id (the one in the request log), and <c>Idempotent-Replayed</c> says
    /// the two differ on purpose.
    /// </summary>
    private static Ok<ResellerOrderResponse> Replayed(HttpContext context, ResellerOrderResponse first)
    {
        context.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Ok(first);
    }
}
