using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Reseller.Persistence;

internal sealed class MerchantConfiguration : IEntityTypeConfiguration<Merchant>
{
    public void Configure(EntityTypeBuilder<Merchant> builder)
    {
        builder.ToTable("reseller_merchants");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Name).HasMaxLength(128);
        builder.Property(m => m.AllowedIps).HasMaxLength(1024);
        builder.Property(m => m.WholesaleDiscountPercent).HasPrecision(5, 2);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("reseller_api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Prefix).HasMaxLength(32);
        builder.Property(k => k.SecretHash).HasMaxLength(32);
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.HasIndex(k => k.MerchantId);
    }
}

internal sealed class LedgerTransactionConfiguration : IEntityTypeConfiguration<LedgerTransaction>
{
    public void Configure(EntityTypeBuilder<LedgerTransaction> builder)
    {
        builder.ToTable("reseller_ledger_transactions");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Memo).HasMaxLength(256);
        builder.HasIndex(t => new { t.MerchantId, t.At });
    }
}

internal sealed class LedgerPostingConfiguration : IEntityTypeConfiguration<LedgerPosting>
{
    public void Configure(EntityTypeBuilder<LedgerPosting> builder)
    {
        builder.ToTable("reseller_ledger_postings");
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => new { p.MerchantId, p.Account });
        builder.HasIndex(p => p.TransactionId);
    }
}

internal sealed class FxRateConfiguration : IEntityTypeConfiguration<FxRate>
{
    public void Configure(EntityTypeBuilder<FxRate> builder)
    {
        builder.ToTable("reseller_fx_rates");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Currency).HasMaxLength(3);
        builder.Property(r => r.Source).HasMaxLength(64);
        builder.Property(r => r.EurPerUnit).HasPrecision(18, 10);
        builder.HasIndex(r => new { r.Currency, r.AsOf });
    }
}

internal sealed class ResellerOrderConfiguration : IEntityTypeConfiguration<ResellerOrder>
{
    public void Configure(EntityTypeBuilder<ResellerOrder> builder)
    {
        builder.ToTable("reseller_orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.ExternalId).HasMaxLength(128);
        builder.Property(o => o.PayloadHash).HasMaxLength(64);
        builder.Property(o => o.Sku).HasMaxLength(64);
        builder.Property(o => o.ClientEmail).HasMaxLength(254);
        builder.Property(o => o.Currency).HasMaxLength(3);
        builder.Property(o => o.FxSource).HasMaxLength(64);
        builder.Property(o => o.EurPerUnit).HasPrecision(18, 10);
        // Idempotency: one order per (merchant, external id); NULL external ids never collide.
        builder.HasIndex(o => new { o.MerchantId, o.ExternalId }).IsUnique();
        builder.HasIndex(o => o.RequestId).IsUnique();
        builder.HasIndex(o => o.OrderId).IsUnique();
    }
}

internal sealed class RequestLogEntryConfiguration : IEntityTypeConfiguration<RequestLogEntry>
{
    public void Configure(EntityTypeBuilder<RequestLogEntry> builder)
    {
        builder.ToTable("reseller_request_log");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Path).HasMaxLength(256);
        builder.Property(r => r.Outcome).HasMaxLength(64);
        builder.Property(r => r.MaskedBody).HasMaxLength(4096);
        builder.Property(r => r.KeyPrefix).HasMaxLength(32);
        builder.Property(r => r.ClientIp).HasMaxLength(64);
        builder.Property(r => r.ExternalId).HasMaxLength(128);
        builder.HasIndex(r => new { r.MerchantId, r.At });
        builder.HasIndex(r => new { r.KeyPrefix, r.At });
    }
}
