using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orderly.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class StorefrontCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Brand",
                table: "catalog_products",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CategoryId",
                table: "catalog_products",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CompareAtPriceAmount",
                table: "catalog_products",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "catalog_products",
                type: "character varying(10000)",
                maxLength: 10000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Featured",
                table: "catalog_products",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "catalog_products",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Published");

            migrationBuilder.AddColumn<string>(
                name: "VariantGroup",
                table: "catalog_products",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VariantLabel",
                table: "catalog_products",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "catalog_categories",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Slug = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_categories", x => x.Id);
                    table.ForeignKey(
                        name: "FK_catalog_categories_catalog_categories_ParentId",
                        column: x => x.ParentId,
                        principalTable: "catalog_categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "catalog_product_attributes",
                columns: table => new
                {
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_product_attributes", x => new { x.ProductId, x.Name });
                    table.ForeignKey(
                        name: "FK_catalog_product_attributes_catalog_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "catalog_products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalog_product_images",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Extension = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Alt = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_product_images", x => x.Id);
                    table.ForeignKey(
                        name: "FK_catalog_product_images_catalog_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "catalog_products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_catalog_products_Brand",
                table: "catalog_products",
                column: "Brand");

            migrationBuilder.CreateIndex(
                name: "IX_catalog_products_CategoryId",
                table: "catalog_products",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_catalog_products_UpdatedAt",
                table: "catalog_products",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_catalog_products_VariantGroup",
                table: "catalog_products",
                column: "VariantGroup");

            migrationBuilder.CreateIndex(
                name: "IX_catalog_categories_ParentId",
                table: "catalog_categories",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_catalog_categories_Slug",
                table: "catalog_categories",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_catalog_product_attributes_Name_Value",
                table: "catalog_product_attributes",
                columns: new[] { "Name", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_catalog_product_images_ProductId_Position",
                table: "catalog_product_images",
                columns: new[] { "ProductId", "Position" });

            migrationBuilder.AddForeignKey(
                name: "FK_catalog_products_catalog_categories_CategoryId",
                table: "catalog_products",
                column: "CategoryId",
                principalTable: "catalog_categories",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_catalog_products_catalog_categories_CategoryId",
                table: "catalog_products");

            migrationBuilder.DropTable(
                name: "catalog_categories");

            migrationBuilder.DropTable(
                name: "catalog_product_attributes");

            migrationBuilder.DropTable(
                name: "catalog_product_images");

            migrationBuilder.DropIndex(
                name: "IX_catalog_products_Brand",
                table: "catalog_products");

            migrationBuilder.DropIndex(
                name: "IX_catalog_products_CategoryId",
                table: "catalog_products");

            migrationBuilder.DropIndex(
                name: "IX_catalog_products_UpdatedAt",
                table: "catalog_products");

            migrationBuilder.DropIndex(
                name: "IX_catalog_products_VariantGroup",
                table: "catalog_products");

            migrationBuilder.DropColumn(
                name: "Brand",
                table: "catalog_products");

            migrationBuilder.DropColumn(
                name: "CategoryId",
                table: "catalog_products");

            migrationBuilder.DropColumn(
                name: "CompareAtPriceAmount",
                table: "catalog_products");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "catalog_products");

            migrationBuilder.DropColumn(
                name: "Featured",
                table: "catalog_products");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "catalog_products");

            migrationBuilder.DropColumn(
                name: "VariantGroup",
                table: "catalog_products");

            migrationBuilder.DropColumn(
                name: "VariantLabel",
                table: "catalog_products");
        }
    }
}
