using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Fulfillment.Persistence;

internal sealed class FulfillmentJobConfiguration : IEntityTypeConfiguration<FulfillmentJob>
{
    public void Configure(EntityTypeBuilder<FulfillmentJob> builder)
    {
        builder.ToTable("fulfillment_jobs");
        builder.HasKey(j => j.OrderId);
        builder.Property(j => j.Email).HasMaxLength(254);
        builder.Property(j => j.PaidCurrency).HasMaxLength(3);
        builder.Property(j => j.BlockedReason).HasMaxLength(500);
    }
}
