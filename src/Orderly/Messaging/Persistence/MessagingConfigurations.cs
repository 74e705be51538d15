using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Messaging.Persistence;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("messaging_outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.MessageType).HasMaxLength(128);
        builder.Property(m => m.Handler).HasMaxLength(128);
        builder.Property(m => m.Status).HasConversion<int>();
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.HasIndex(m => m.LockToken);
        builder.HasIndex(m => new { m.MessageId, m.Handler }).IsUnique();
    }
}

internal sealed class InboxEntryConfiguration : IEntityTypeConfiguration<InboxEntry>
{
    public void Configure(EntityTypeBuilder<InboxEntry> builder)
    {
        builder.ToTable("messaging_inbox");
        builder.HasKey(i => new { i.MessageId, i.Handler });
        builder.Property(i => i.Handler).HasMaxLength(128);
    }
}
