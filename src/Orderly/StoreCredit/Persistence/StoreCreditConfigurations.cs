using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.StoreCredit.Persistence;

internal sealed class CreditAccountConfiguration : IEntityTypeConfiguration<CreditAccount>
{
    public void Configure(EntityTypeBuilder<CreditAccount> builder)
    {
        builder.ToTable("store_credit_accounts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Email).HasMaxLength(254);
        builder.Property(a => a.Currency).HasMaxLength(3);
        builder.HasIndex(a => new { a.Email, a.Currency }).IsUnique();
    }
}

internal sealed class CreditEntryConfiguration : IEntityTypeConfiguration<CreditEntry>
{
    public void Configure(EntityTypeBuilder<CreditEntry> builder)
    {
        builder.ToTable("store_credit_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Reason).HasMaxLength(256);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(96);
        builder.HasIndex(e => new { e.AccountId, e.At });
        builder.HasIndex(e => e.OrderId);
        builder.HasIndex(e => e.IdempotencyKey).IsUnique();
    }
}

internal sealed class CreditPostingConfiguration : IEntityTypeConfiguration<CreditPosting>
{
    public void Configure(EntityTypeBuilder<CreditPosting> builder)
    {
        builder.ToTable("store_credit_postings");
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => new { p.AccountId, p.Side });
        builder.HasIndex(p => p.EntryId);
    }
}
