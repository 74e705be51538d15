using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orderly.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CheckoutCarts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "checkout_carts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checkout_carts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "checkout_cart_lines",
                columns: table => new
                {
                    CartId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checkout_cart_lines", x => new { x.CartId, x.Sku });
                    table.ForeignKey(
                        name: "FK_checkout_cart_lines_checkout_carts_CartId",
                        column: x => x.CartId,
                        principalTable: "checkout_carts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "checkout_wishlist_items",
                columns: table => new
                {
                    CartId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checkout_wishlist_items", x => new { x.CartId, x.Sku });
                    table.ForeignKey(
                        name: "FK_checkout_wishlist_items_checkout_carts_CartId",
                        column: x => x.CartId,
                        principalTable: "checkout_carts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_checkout_carts_UpdatedAt",
                table: "checkout_carts",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_checkout_carts_UserId",
                table: "checkout_carts",
                column: "UserId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "checkout_cart_lines");

            migrationBuilder.DropTable(
                name: "checkout_wishlist_items");

            migrationBuilder.DropTable(
                name: "checkout_carts");
        }
    }
}
