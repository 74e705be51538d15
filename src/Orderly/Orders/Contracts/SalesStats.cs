namespace Orderly.Orders.Contracts;

/// <summary>Units of one product sold (or, for "also bought", the number of orders it shared with another product).</summary>
public sealed record ProductSales(Guid ProductId, int Count);

/// <summary>The store's top sellers, from paid orders (refunded units left out).</summary>
public interface IBestSellers
{
    /// <summary>The <paramref name="take"/> products sold most in the last <paramref name="days"/> days, best first.</summary>
    Task<IReadOnlyList<ProductSales>> TopAsync(int days, int take, CancellationToken cancellationToken);
}

/// <summary>"Customers also bought": products found in the same paid orders as a product.</summary>
public interface IAlsoBought
{
    /// <summary>Other products of the paid orders that hold <paramref name="productId"/>, by number of such orders, most first.</summary>
    Task<IReadOnlyList<ProductSales>> ForAsync(Guid productId, int take, CancellationToken cancellationToken);
}
