using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Checkout.Persistence;

internal sealed class CartConfiguration : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> builder)
    {
        builder.ToTable("checkout_carts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.UserId).HasMaxLength(64);
        builder.Property(c => c.CouponCode).HasMaxLength(Coupons.Coupon.MaxCode);
        builder.HasIndex(c => c.UserId).IsUnique();
        builder.HasIndex(c => c.UpdatedAt);
    }
}

internal sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
    public void Configure(EntityTypeBuilder<CartLine> builder)
    {
        builder.ToTable("checkout_cart_lines");
        builder.HasKey(l => new { l.CartId, l.Sku });
        builder.Property(l => l.Sku).HasMaxLength(64);
        builder.HasOne<Cart>().WithMany().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WishlistItemConfiguration : IEntityTypeConfiguration<WishlistItem>
{
    public void Configure(EntityTypeBuilder<WishlistItem> builder)
    {
        builder.ToTable("checkout_wishlist_items");
        builder.HasKey(w => new { w.CartId, w.Sku });
        builder.Property(w => w.Sku).HasMaxLength(64);
        builder.HasOne<Cart>().WithMany().HasForeignKey(w => w.CartId).OnDelete(DeleteBehavior.Cascade);
    }
}
