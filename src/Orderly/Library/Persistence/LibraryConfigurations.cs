using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Library.Persistence;

internal sealed class LibraryEntryConfiguration : IEntityTypeConfiguration<LibraryEntry>
{
    public void Configure(EntityTypeBuilder<LibraryEntry> builder)
    {
        builder.ToTable("library_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Sku).HasMaxLength(64);
        builder.Property(e => e.ProductName).HasMaxLength(200);
        builder.HasIndex(e => new { e.CustomerId, e.AddedAt });
        // One entry per code and per file grant, whatever happens upstream.
        builder.HasIndex(e => e.KeyId).IsUnique();
        builder.HasIndex(e => e.FileGrantId).IsUnique();
    }
}

internal sealed class FileGrantConfiguration : IEntityTypeConfiguration<FileGrant>
{
    public void Configure(EntityTypeBuilder<FileGrant> builder)
    {
        builder.ToTable("library_file_grants");
        builder.HasKey(g => g.Id);
        builder.HasIndex(g => g.OrderLineId).IsUnique();
        builder.HasIndex(g => g.CustomerId);
    }
}
