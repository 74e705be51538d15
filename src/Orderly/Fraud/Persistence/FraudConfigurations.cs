using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Fraud.Persistence;

internal sealed class OrderSignalsConfiguration : IEntityTypeConfiguration<OrderSignals>
{
    public void Configure(EntityTypeBuilder<OrderSignals> builder)
    {
        builder.ToTable("fraud_order_signals");
        builder.HasKey(s => s.OrderId);
        builder.Property(s => s.Email).HasMaxLength(254);
        builder.Property(s => s.IpAddress).HasMaxLength(45);
        builder.Property(s => s.IpCountry).HasMaxLength(2);
        builder.Property(s => s.BillingCountry).HasMaxLength(2);
        builder.Property(s => s.Currency).HasMaxLength(3);
        builder.Property(s => s.PaymentMethod).HasMaxLength(32);
        // The velocity rules count by address within a time window.
        builder.HasIndex(s => new { s.Email, s.PlacedAt });
        builder.HasIndex(s => new { s.IpAddress, s.PlacedAt });
    }
}

internal sealed class FraudAssessmentConfiguration : IEntityTypeConfiguration<FraudAssessment>
{
    public void Configure(EntityTypeBuilder<FraudAssessment> builder)
    {
        builder.ToTable("fraud_assessments");
        builder.HasKey(a => a.OrderId);
        builder.Property(a => a.Reasons).HasMaxLength(4000);
        builder.Property(a => a.CardFingerprint).HasMaxLength(128);
        builder.Property(a => a.Review).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.DecidedBy).HasMaxLength(200);
        builder.Property(a => a.DecisionReason).HasMaxLength(1000);
        builder.Ignore(a => a.ReasonList);
        builder.HasIndex(a => new { a.CardFingerprint, a.AssessedAt });
        // The review queue and the timeout sweep.
        builder.HasIndex(a => new { a.Review, a.AssessedAt });
    }
}
