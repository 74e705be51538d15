using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orderly.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OrderLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FulfilledAt",
                table: "orders_orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RefundedAmount",
                table: "orders_orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "RefundedQuantity",
                table: "orders_order_lines",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "RevokedAt",
                table: "library_file_grants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RevokedAt",
                table: "library_entries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ReturnUnrevealedCodes",
                table: "catalog_products",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.CreateTable(
                name: "orders_refunds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProviderRefundId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_orders_refunds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "orders_shipments",
                columns: table => new
                {
                    ShipmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeliveredAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_orders_shipments", x => x.ShipmentId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_orders_refunds_OrderId",
                table: "orders_refunds",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_orders_refunds_Provider_ProviderRefundId",
                table: "orders_refunds",
                columns: new[] { "Provider", "ProviderRefundId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_orders_shipments_OrderId",
                table: "orders_shipments",
                column: "OrderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "orders_refunds");

            migrationBuilder.DropTable(
                name: "orders_shipments");

            migrationBuilder.DropColumn(
                name: "FulfilledAt",
                table: "orders_orders");

            migrationBuilder.DropColumn(
                name: "RefundedAmount",
                table: "orders_orders");

            migrationBuilder.DropColumn(
                name: "RefundedQuantity",
                table: "orders_order_lines");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "library_file_grants");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "library_entries");

            migrationBuilder.DropColumn(
                name: "ReturnUnrevealedCodes",
                table: "catalog_products");
        }
    }
}
