using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orderly.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PaymentProviders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "payments_reported_refunds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RefundId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ReportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payments_reported_refunds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "payments_woocommerce_orders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Store = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    WooOrderId = table.Column<long>(type: "bigint", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastModifiedGmt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastStatusSeen = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LastStatusPushed = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payments_woocommerce_orders", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_payments_reported_refunds_OrderId",
                table: "payments_reported_refunds",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_payments_reported_refunds_Provider_RefundId",
                table: "payments_reported_refunds",
                columns: new[] { "Provider", "RefundId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payments_woocommerce_orders_OrderId",
                table: "payments_woocommerce_orders",
                column: "OrderId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payments_woocommerce_orders_Store_WooOrderId",
                table: "payments_woocommerce_orders",
                columns: new[] { "Store", "WooOrderId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payments_reported_refunds");

            migrationBuilder.DropTable(
                name: "payments_woocommerce_orders");
        }
    }
}
