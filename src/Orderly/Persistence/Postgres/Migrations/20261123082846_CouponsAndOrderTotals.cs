using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orderly.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CouponsAndOrderTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CouponCode",
                table: "orders_orders",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DiscountAmount",
                table: "orders_orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "PricesIncludeTax",
                table: "orders_orders",
                type: "boolean",
                nullable: false,
                defaultValue: true); // orders placed before totals were recorded had prices with VAT included

            migrationBuilder.AddColumn<long>(
                name: "ShippingAmount",
                table: "orders_orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "SubtotalAmount",
                table: "orders_orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "TaxAmount",
                table: "orders_orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<decimal>(
                name: "TaxRate",
                table: "orders_orders",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<long>(
                name: "DiscountAmount",
                table: "orders_order_lines",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "TaxAmount",
                table: "orders_order_lines",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "CouponCode",
                table: "checkout_carts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "checkout_coupons",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Percent = table.Column<int>(type: "integer", nullable: true),
                    FixedAmount = table.Column<long>(type: "bigint", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    MaxUses = table.Column<int>(type: "integer", nullable: true),
                    Uses = table.Column<int>(type: "integer", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    MinimumSubtotal = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checkout_coupons", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "checkout_coupon_redemptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CouponId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    DiscountAmount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checkout_coupon_redemptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_checkout_coupon_redemptions_checkout_coupons_CouponId",
                        column: x => x.CouponId,
                        principalTable: "checkout_coupons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_checkout_coupon_redemptions_CouponId",
                table: "checkout_coupon_redemptions",
                column: "CouponId");

            migrationBuilder.CreateIndex(
                name: "IX_checkout_coupon_redemptions_OrderId",
                table: "checkout_coupon_redemptions",
                column: "OrderId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_checkout_coupons_Code",
                table: "checkout_coupons",
                column: "Code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "checkout_coupon_redemptions");

            migrationBuilder.DropTable(
                name: "checkout_coupons");

            migrationBuilder.DropColumn(
                name: "CouponCode",
                table: "orders_orders");

            migrationBuilder.DropColumn(
                name: "DiscountAmount",
                table: "orders_orders");

            migrationBuilder.DropColumn(
                name: "PricesIncludeTax",
                table: "orders_orders");

            migrationBuilder.DropColumn(
                name: "ShippingAmount",
                table: "orders_orders");

            migrationBuilder.DropColumn(
                name: "SubtotalAmount",
                table: "orders_orders");

            migrationBuilder.DropColumn(
                name: "TaxAmount",
                table: "orders_orders");

            migrationBuilder.DropColumn(
                name: "TaxRate",
                table: "orders_orders");

            migrationBuilder.DropColumn(
                name: "DiscountAmount",
                table: "orders_order_lines");

            migrationBuilder.DropColumn(
                name: "TaxAmount",
                table: "orders_order_lines");

            migrationBuilder.DropColumn(
                name: "CouponCode",
                table: "checkout_carts");
        }
    }
}
