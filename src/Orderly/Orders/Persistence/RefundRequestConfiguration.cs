using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Orderly.Orders.Persistence;

internal sealed class RefundRequestConfiguration : IEntityTypeConfiguration<RefundRequest>
{
    public void Configure(EntityTypeBuilder<RefundRequest> builder)
    {
        builder.ToTable("orders_refund_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Reason).HasMaxLength(RequestRefund.MaxReason);
        builder.Property(r => r.LineIds).HasMaxLength(4000);
        // Also the guard of a decision: only a request still "open" is claimed (see DecideRefundRequest).
        builder.Property(r => r.Status).HasMaxLength(16);
        builder.Property(r => r.DecidedBy).HasMaxLength(256);
        builder.Property(r => r.DecisionMessage).HasMaxLength(RefundRequest.MaxMessage);
        builder.HasIndex(r => new { r.OrderId, r.Status });
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
    }
}
