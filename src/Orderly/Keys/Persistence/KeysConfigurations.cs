using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Keys.Persistence;

internal sealed class LicenseKeyConfiguration : IEntityTypeConfiguration<LicenseKey>
{
    public void Configure(EntityTypeBuilder<LicenseKey> builder)
    {
        builder.ToTable("keys_license_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.DataKeyId).HasMaxLength(32);
        builder.Property(k => k.Status).HasConversion<int>();
        // Dedupe against the pool; also makes two imports racing on one code fail cleanly.
        builder.HasIndex(k => new { k.ProductId, k.BlindIndex }).IsUnique();
        // The allocation scan: the next available codes of a product, in id order, straight from
        // the index (no sort), and only available codes in it, so it stays small as the pool drains.
        builder.HasIndex(k => new { k.ProductId, k.Id }).HasDatabaseName("IX_keys_available").HasFilter("\"Status\" = 0");
        builder.HasIndex(k => k.OrderLineId);
    }
}

internal sealed class DataKeyConfiguration : IEntityTypeConfiguration<DataKey>
{
    public void Configure(EntityTypeBuilder<DataKey> builder)
    {
        builder.ToTable("keys_data_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(32);
    }
}
