using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Orders.Persistence;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable("orders_invoices");
        builder.HasKey(i => i.OrderId);
        builder.Property(i => i.OrderId).ValueGeneratedNever();
        builder.Property(i => i.Series).HasMaxLength(16);
        // The last line of defence: a number is never on two invoices, whatever a bug elsewhere does.
        builder.HasIndex(i => new { i.Series, i.Number }).IsUnique();
    }
}

internal sealed class InvoiceCounterConfiguration : IEntityTypeConfiguration<InvoiceCounter>
{
    public void Configure(EntityTypeBuilder<InvoiceCounter> builder)
    {
        builder.ToTable("orders_invoice_counters");
        builder.HasKey(c => c.Series);
        builder.Property(c => c.Series).HasMaxLength(16);
        // The rows exist from the start, so numbering only ever updates (never races to insert the first row).
        builder.HasData(
            new InvoiceCounter { Series = InvoiceCounter.Default, LastNumber = 0 },
            new InvoiceCounter { Series = InvoiceCounter.Test, LastNumber = 0 });
    }
}
