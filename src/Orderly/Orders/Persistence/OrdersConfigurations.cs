using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Orders.Persistence;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders_orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Email).HasMaxLength(254);
        builder.Property(o => o.Currency).HasMaxLength(3);
        builder.Property(o => o.PaymentMethod).HasMaxLength(32).HasDefaultValue(Contracts.PaymentMethods.Stripe);
        // Status moves by read-decide-write (RecordOrderProgress). Two progress events for one order
        // handled at once (competing consumers) must not overwrite each other: the later commit
        // fails on the changed status and is retried against the new one. No column changes.
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(32).IsConcurrencyToken();
        // Two refunds applied at once must not both spend what is left.
        builder.Property(o => o.RefundedAmount).IsConcurrencyToken();
        builder.HasIndex(o => new { o.Status, o.PlacedAt });
        builder.Property(o => o.TaxRate).HasPrecision(5, 2);
        builder.Property(o => o.CouponCode).HasMaxLength(32);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.ToTable("orders_order_lines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Sku).HasMaxLength(64);
        builder.Property(l => l.ProductName).HasMaxLength(200);
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(l => l.Delivery).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class OrderBillingConfiguration : IEntityTypeConfiguration<OrderBilling>
{
    public void Configure(EntityTypeBuilder<OrderBilling> builder)
    {
        // A table of its own: most orders have no billing details, and the order row stays as it is.
        builder.ToTable("orders_billing");
        builder.HasKey(b => b.OrderId);
        builder.Property(b => b.OrderId).ValueGeneratedNever();
        builder.Property(b => b.Name).HasMaxLength(Contracts.BillingDetails.MaxField);
        builder.Property(b => b.Company).HasMaxLength(Contracts.BillingDetails.MaxField);
        builder.Property(b => b.VatId).HasMaxLength(Contracts.BillingDetails.MaxShortField);
        builder.Property(b => b.Line1).HasMaxLength(Contracts.BillingDetails.MaxField);
        builder.Property(b => b.Line2).HasMaxLength(Contracts.BillingDetails.MaxField);
        builder.Property(b => b.City).HasMaxLength(Contracts.BillingDetails.MaxField);
        builder.Property(b => b.PostalCode).HasMaxLength(Contracts.BillingDetails.MaxShortField);
        builder.Property(b => b.Country).HasMaxLength(2);
        builder.HasOne<Order>().WithOne().HasForeignKey<OrderBilling>(b => b.OrderId);
    }
}

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> builder)
    {
        builder.ToTable("orders_timeline");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.Event).HasMaxLength(64);
        builder.Property(t => t.Detail).HasMaxLength(500);
        builder.HasIndex(t => new { t.OrderId, t.Id });
    }
}

internal sealed class OrderShipmentConfiguration : IEntityTypeConfiguration<OrderShipment>
{
    public void Configure(EntityTypeBuilder<OrderShipment> builder)
    {
        builder.ToTable("orders_shipments");
        builder.HasKey(s => s.ShipmentId);
        builder.Property(s => s.ShipmentId).ValueGeneratedNever();
        builder.HasIndex(s => s.OrderId);
    }
}

internal sealed class OrderRefundConfiguration : IEntityTypeConfiguration<OrderRefund>
{
    public void Configure(EntityTypeBuilder<OrderRefund> builder)
    {
        builder.ToTable("orders_refunds");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Provider).HasMaxLength(32);
        builder.Property(r => r.ProviderRefundId).HasMaxLength(255);
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.Property(r => r.Reason).HasMaxLength(500);
        builder.Property(r => r.Outcome).HasMaxLength(16);
        builder.Property(r => r.Summary).HasMaxLength(1000);
        // One refund applies once, however many times it is reported (API answer, webhook).
        builder.HasIndex(r => new { r.Provider, r.ProviderRefundId }).IsUnique();
        builder.HasIndex(r => r.OrderId);
    }
}
