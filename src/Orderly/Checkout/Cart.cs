namespace Orderly.Checkout;

/// <summary>
/// A shopper's cart and wishlist: a guest's is found by the random id in its cookie, a signed-in
/// user's by <see cref="UserId"/> (so it follows the user to another browser).
/// </summary>
internal sealed class Cart
{
    public Guid Id { get; set; }
    public string? UserId { get; set; }
    /// <summary>The coupon the shopper applied (upper case), carried to checkout; its discount is recomputed on every view.</summary>
    public string? CouponCode { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One SKU in a cart; the price is read from the catalog each time, never stored.</summary>
internal sealed class CartLine
{
    public Guid CartId { get; set; }
    public required string Sku { get; set; }
    public int Quantity { get; set; }
    public DateTime AddedAt { get; set; }
}

internal sealed class WishlistItem
{
    public Guid CartId { get; set; }
    public required string Sku { get; set; }
    public DateTime AddedAt { get; set; }
}
