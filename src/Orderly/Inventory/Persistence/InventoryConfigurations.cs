using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Inventory.Persistence;

internal sealed class StockItemConfiguration : IEntityTypeConfiguration<StockItem>
{
    public void Configure(EntityTypeBuilder<StockItem> builder)
    {
        builder.ToTable("inventory_stock_items", t =>
        {
            t.HasCheckConstraint("ck_inventory_stock_items_available", "\"Available\" >= 0");
            t.HasCheckConstraint("ck_inventory_stock_items_reserved", "\"Reserved\" >= 0");
        });
        builder.HasKey(s => s.ProductId);
        builder.Property(s => s.Sku).HasMaxLength(64);
    }
}

internal sealed class ReservationConfiguration : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> builder)
    {
        builder.ToTable("inventory_reservations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Status).HasConversion<int>();
        builder.HasIndex(r => new { r.Status, r.ExpiresAt });
        builder.HasIndex(r => r.OrderId);
    }
}
