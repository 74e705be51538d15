using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Accounts.Persistence;

internal sealed class BuyerAddressConfiguration : IEntityTypeConfiguration<BuyerAddress>
{
    public void Configure(EntityTypeBuilder<BuyerAddress> builder)
    {
        builder.ToTable("accounts_addresses");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.Line1).HasMaxLength(200);
        builder.Property(a => a.Line2).HasMaxLength(200);
        builder.Property(a => a.City).HasMaxLength(200);
        builder.Property(a => a.PostalCode).HasMaxLength(32);
        builder.Property(a => a.Country).HasMaxLength(2);
        builder.Property(a => a.Phone).HasMaxLength(32);
        builder.HasIndex(a => a.UserId);
    }
}
