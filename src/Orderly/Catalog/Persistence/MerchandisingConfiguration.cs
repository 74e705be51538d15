using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Catalog.Persistence;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.ToTable("catalog_categories");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Slug).HasMaxLength(100);
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.HasIndex(c => c.ParentId);
        builder.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProductImageConfiguration : IEntityTypeConfiguration<ProductImage>
{
    public void Configure(EntityTypeBuilder<ProductImage> builder)
    {
        builder.ToTable("catalog_product_images");
        builder.HasKey(i => i.Id);
        builder.HasIndex(i => new { i.ProductId, i.Position });
        builder.Property(i => i.ContentType).HasMaxLength(100);
        builder.Property(i => i.Extension).HasMaxLength(10);
        builder.Property(i => i.Alt).HasMaxLength(200);
        builder.HasOne<Product>().WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductAttributeConfiguration : IEntityTypeConfiguration<ProductAttribute>
{
    public void Configure(EntityTypeBuilder<ProductAttribute> builder)
    {
        builder.ToTable("catalog_product_attributes");
        builder.HasKey(a => new { a.ProductId, a.Name });
        builder.Property(a => a.Name).HasMaxLength(60);
        builder.Property(a => a.Value).HasMaxLength(200);
        builder.HasIndex(a => new { a.Name, a.Value });
        builder.HasOne<Product>().WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
