using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orderly.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class KeysAvailableIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_keys_license_keys_ProductId_Status",
                table: "keys_license_keys");

            migrationBuilder.CreateIndex(
                name: "IX_keys_available",
                table: "keys_license_keys",
                columns: new[] { "ProductId", "Id" },
                filter: "\"Status\" = 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_keys_available",
                table: "keys_license_keys");

            migrationBuilder.CreateIndex(
                name: "IX_keys_license_keys_ProductId_Status",
                table: "keys_license_keys",
                columns: new[] { "ProductId", "Status" });
        }
    }
}
