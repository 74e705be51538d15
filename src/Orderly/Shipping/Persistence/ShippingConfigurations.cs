using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

using Orderly.Shipping.Contracts;

namespace Orderly.Shipping.Persistence;

internal sealed class ShippingAddressConfiguration : IEntityTypeConfiguration<ShippingAddress>
{
    public void Configure(EntityTypeBuilder<ShippingAddress> builder)
    {
        builder.ToTable("shipping_addresses");
        builder.HasKey(a => a.OrderId);
        builder.Property(a => a.Method).HasMaxLength(ShippingDestination.MaxShortField);
        builder.Property(a => a.Name).HasMaxLength(ShippingDestination.MaxField);
        builder.Property(a => a.Line1).HasMaxLength(ShippingDestination.MaxField);
        builder.Property(a => a.Line2).HasMaxLength(ShippingDestination.MaxField);
        builder.Property(a => a.City).HasMaxLength(ShippingDestination.MaxField);
        builder.Property(a => a.PostalCode).HasMaxLength(ShippingDestination.MaxShortField);
        builder.Property(a => a.Country).HasMaxLength(2);
        builder.Property(a => a.Phone).HasMaxLength(ShippingDestination.MaxShortField);
    }
}

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        builder.ToTable("shipping_shipments");
        builder.HasKey(s => s.Id);
        // One shipment per order: a repeated OrderFulfilled cannot make a second one.
        builder.HasIndex(s => s.OrderId).IsUnique();
        builder.HasIndex(s => new { s.Status, s.CreatedAt });
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Carrier).HasMaxLength(64);
        builder.Property(s => s.TrackingNumber).HasMaxLength(128);
        builder.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.ShipmentId);
    }
}

internal sealed class ShipmentLineConfiguration : IEntityTypeConfiguration<ShipmentLine>
{
    public void Configure(EntityTypeBuilder<ShipmentLine> builder)
    {
        builder.ToTable("shipping_shipment_lines");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Sku).HasMaxLength(64);
        builder.Property(l => l.ProductName).HasMaxLength(200);
    }
}

internal sealed class TrackingEventConfiguration : IEntityTypeConfiguration<TrackingEvent>
{
    public void Configure(EntityTypeBuilder<TrackingEvent> builder)
    {
        builder.ToTable("shipping_tracking_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Status).HasMaxLength(ShippingDestination.MaxField);
        builder.Property(e => e.Location).HasMaxLength(ShippingDestination.MaxField);
        builder.HasIndex(e => new { e.ShipmentId, e.Id });
    }
}
