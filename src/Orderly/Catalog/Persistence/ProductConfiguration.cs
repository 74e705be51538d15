using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Catalog.Persistence;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("catalog_products");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Sku).HasMaxLength(64);
        builder.HasIndex(p => p.Sku).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Delivery).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.KeySource).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.KeyPattern).HasMaxLength(64);
        builder.Property(p => p.FileName).HasMaxLength(255);
        builder.Property(p => p.FileContentType).HasMaxLength(100);
        builder.Property(p => p.FileSha256).HasMaxLength(64);
        builder.Property(p => p.ReturnUnrevealedCodes).HasDefaultValue(true);
        builder.Ignore(p => p.Price);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16).HasDefaultValue(Contracts.ProductStatus.Published);
        builder.Property(p => p.Description).HasMaxLength(10_000);
        builder.Property(p => p.Brand).HasMaxLength(100);
        builder.HasIndex(p => p.Brand);
        builder.HasIndex(p => p.CategoryId);
        builder.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(p => p.VariantGroup).HasMaxLength(64);
        builder.HasIndex(p => p.VariantGroup);
        builder.Property(p => p.VariantLabel).HasMaxLength(100);
        builder.HasIndex(p => p.UpdatedAt);
        // The storefront lists published products newest first (home, categories).
        builder.HasIndex(p => new { p.Status, p.CreatedAt });
    }
}
