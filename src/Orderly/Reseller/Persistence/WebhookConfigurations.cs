using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orderly.Reseller.Webhooks;

namespace Orderly.Reseller.Persistence;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("reseller_webhook_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Url).HasMaxLength(2048);
        builder.Property(s => s.Events).HasMaxLength(256);
        builder.Property(s => s.ProtectedSecret).HasMaxLength(1024);
        builder.Property(s => s.DisabledReason).HasMaxLength(256);
        builder.HasIndex(s => s.MerchantId);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("reseller_webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.EventName).HasMaxLength(32);
        builder.Property(d => d.EventKey).HasMaxLength(96);
        builder.Property(d => d.LastError).HasMaxLength(512);
        builder.HasIndex(d => new { d.SubscriptionId, d.EventKey }).IsUnique();
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.MerchantId, d.CreatedAt });
    }
}
