using Orderly.Hosting;

namespace Orderly.Checkout.Contracts;

/// <summary>One order line placed by a server (a reseller) rather than a shopper's cart.</summary>
public sealed record DirectOrder(string Email, string Sku, int Quantity);

/// <summary>What <see cref="IDirectCheckout.PlaceAsync"/> decided.</summary>
public abstract record DirectOrderOutcome
{
    /// <summary>The order, its reservation and <c>OrderPlaced</c> are in the caller's unit of work; the stock rows are taken.</summary>
    public sealed record Placed(Guid OrderId, Guid ProductId, string Sku, Money Total) : DirectOrderOutcome;
    public sealed record UnknownProduct(string Sku) : DirectOrderOutcome;
    public sealed record Refused(string Code, string Detail) : DirectOrderOutcome;
    public sealed record InsufficientStock(string Sku, int Requested, int Available) : DirectOrderOutcome;

    /// <summary>Stock changed between the read and the guarded update: roll the transaction back and place again.</summary>
    public sealed record StockChanged : DirectOrderOutcome;
}

/// <summary>
/// Checkout inside the caller's write transaction, for a module that must commit the order together
/// with its own rows (the reseller wallet debit): price from the catalog, reserve, write the order,
/// <c>OrderPlaced</c> and the audit entry. Nothing commits here; the caller commits or rolls back.
/// </summary>
public interface IDirectCheckout
{
    Task<DirectOrderOutcome> PlaceAsync(DirectOrder order, CancellationToken cancellationToken);
}

/// <summary>
/// An order placed on another storefront (a WooCommerce order) that Orderly mirrors: several lines
/// by SKU, priced from Orderly's catalog.
/// </summary>
/// <param name="PaymentMethod">How the storefront takes the money (<c>Orders.Contracts.PaymentMethods</c>).</param>
public sealed record ExternalOrder(string Email, IReadOnlyList<ExternalOrderLine> Lines, string PaymentMethod);

public sealed record ExternalOrderLine(string Sku, int Quantity);

/// <summary>What <see cref="IExternalCheckout.PlaceAsync"/> decided.</summary>
public abstract record ExternalOrderOutcome
{
    /// <summary>The order, its reservation and <c>OrderPlaced</c> are in the caller's unit of work; the stock rows are taken.</summary>
    public sealed record Placed(Guid OrderId, Money Total) : ExternalOrderOutcome;
    public sealed record UnknownProducts(IReadOnlyList<string> Skus) : ExternalOrderOutcome;
    public sealed record Refused(string Code, string Detail) : ExternalOrderOutcome;
    public sealed record InsufficientStock(string Sku, int Requested, int Available) : ExternalOrderOutcome;

    /// <summary>Stock changed between the read and the guarded update: roll the transaction back and place again.</summary>
    public sealed record StockChanged : ExternalOrderOutcome;
}

/// <summary>
/// <see cref="IDirectCheckout"/> for several lines: the same rules and writes, inside the caller's
/// write transaction; nothing commits here.
/// </summary>
public interface IExternalCheckout
{
    Task<ExternalOrderOutcome> PlaceAsync(ExternalOrder order, CancellationToken cancellationToken);
}
