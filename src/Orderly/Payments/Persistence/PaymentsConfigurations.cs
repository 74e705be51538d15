using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Payments.Persistence;

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.ToTable("payments_webhook_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Provider).HasMaxLength(32);
        builder.Property(e => e.EventId).HasMaxLength(255);
        builder.Property(e => e.EventType).HasMaxLength(128);
        builder.Property(e => e.Outcome).HasMaxLength(64);
        builder.HasIndex(e => new { e.Provider, e.EventId }).IsUnique();
        builder.HasIndex(e => e.OrderId);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("payments_payments");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Provider).HasMaxLength(32);
        builder.Property(p => p.ProviderPaymentId).HasMaxLength(255);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.HasIndex(p => p.OrderId).IsUnique();
    }
}

internal sealed class ReportedRefundConfiguration : IEntityTypeConfiguration<ReportedRefund>
{
    public void Configure(EntityTypeBuilder<ReportedRefund> builder)
    {
        builder.ToTable("payments_reported_refunds");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Provider).HasMaxLength(32);
        builder.Property(r => r.RefundId).HasMaxLength(255);
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.HasIndex(r => new { r.Provider, r.RefundId }).IsUnique();
        builder.HasIndex(r => r.OrderId);
    }
}

internal sealed class WooOrderLinkConfiguration : IEntityTypeConfiguration<WooCommerce.WooOrderLink>
{
    public void Configure(EntityTypeBuilder<WooCommerce.WooOrderLink> builder)
    {
        builder.ToTable("payments_woocommerce_orders");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Store).HasMaxLength(255);
        builder.Property(l => l.LastStatusSeen).HasMaxLength(32);
        builder.Property(l => l.LastStatusPushed).HasMaxLength(32);
        builder.HasIndex(l => new { l.Store, l.WooOrderId }).IsUnique();
        builder.HasIndex(l => l.OrderId).IsUnique();
    }
}
