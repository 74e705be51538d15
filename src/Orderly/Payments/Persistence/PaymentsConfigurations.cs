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
