using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orderly.Checkout.Coupons;

namespace Orderly.Checkout.Persistence;

internal sealed class CouponConfiguration : IEntityTypeConfiguration<Coupon>
{
    public void Configure(EntityTypeBuilder<Coupon> builder)
    {
        builder.ToTable("checkout_coupons");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Code).HasMaxLength(Coupon.MaxCode);
        // Codes are stored upper case, so a unique index makes them unique case-insensitively.
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.Ignore(c => c.Terms);
    }
}

internal sealed class CouponRedemptionConfiguration : IEntityTypeConfiguration<CouponRedemption>
{
    public void Configure(EntityTypeBuilder<CouponRedemption> builder)
    {
        builder.ToTable("checkout_coupon_redemptions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.HasIndex(r => r.OrderId).IsUnique();
        builder.HasIndex(r => r.CouponId);
        builder.HasOne<Coupon>().WithMany().HasForeignKey(r => r.CouponId).OnDelete(DeleteBehavior.Restrict);
    }
}
