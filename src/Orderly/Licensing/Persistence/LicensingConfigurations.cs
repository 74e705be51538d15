using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Licensing.Persistence;

internal sealed class LicenseConfiguration : IEntityTypeConfiguration<License>
{
    public void Configure(EntityTypeBuilder<License> builder)
    {
        builder.ToTable("licensing_licenses", t =>
            t.HasCheckConstraint("CK_licensing_licenses_seats", "\"ActivationCount\" >= 0 AND \"ActivationCount\" <= \"ActivationLimit\""));
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Sku).HasMaxLength(64);
        builder.Property(l => l.Email).HasMaxLength(320);
        builder.Property(l => l.Entitlements).HasMaxLength(1000);
        builder.Property(l => l.StatusReason).HasMaxLength(200);
        builder.Property(l => l.Plan).HasConversion<string>().HasMaxLength(16);
        builder.Property(l => l.Status).HasConversion<string>().HasMaxLength(16);
        LeaseTermsColumns.Map(builder);
        // One license per key, whatever happens upstream: issuing twice is a no-op.
        builder.HasIndex(l => l.KeyId).IsUnique();
        builder.HasIndex(l => l.KeyToken);
        builder.HasIndex(l => l.OrderLineId);
        builder.HasIndex(l => l.OrderId);
        builder.HasIndex(l => l.Email);
    }
}

internal sealed class ActivationConfiguration : IEntityTypeConfiguration<Activation>
{
    public void Configure(EntityTypeBuilder<Activation> builder)
    {
        builder.ToTable("licensing_activations");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Value).HasMaxLength(253);
        builder.Property(a => a.InstanceName).HasMaxLength(100);
        // A domain or fingerprint holds one seat of a license: activating it again is idempotent,
        // and two concurrent activations of it cannot both insert.
        builder.HasIndex(a => new { a.LicenseId, a.Kind, a.Value }).IsUnique();
    }
}

internal sealed class LicensingPolicyConfiguration : IEntityTypeConfiguration<LicensingPolicy>
{
    public void Configure(EntityTypeBuilder<LicensingPolicy> builder)
    {
        builder.ToTable("licensing_product_policies");
        builder.HasKey(p => p.ProductId);
        builder.Property(p => p.Sku).HasMaxLength(64);
        builder.Property(p => p.Entitlements).HasMaxLength(1000);
        builder.Property(p => p.Plan).HasConversion<string>().HasMaxLength(16);
        LeaseTermsColumns.Map(builder);
    }
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> builder)
    {
        builder.ToTable("licensing_signing_keys");
        builder.HasKey(k => k.Kid);
        builder.Property(k => k.Kid).HasMaxLength(64);
        builder.Property(k => k.X).HasMaxLength(64);
        builder.Property(k => k.Y).HasMaxLength(64);
        builder.Property(k => k.DataKeyId).HasMaxLength(32);
    }
}

/// <summary>Lease timing as whole seconds: portable across providers and readable in SQL.</summary>
internal static class LeaseTermsColumns
{
    public static void Map<T>(EntityTypeBuilder<T> builder) where T : class
    {
        foreach (var name in new[] { nameof(License.LeaseLifetime), nameof(License.RevalidationInterval), nameof(License.GraceWindow) })
        {
            builder.Property<TimeSpan>(name).HasColumnName($"{name}Seconds").HasConversion(v => (long)v.TotalSeconds, v => TimeSpan.FromSeconds(v));
        }
        builder.Ignore(nameof(License.Terms));
    }
}
