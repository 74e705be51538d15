using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orderly.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ResellerMerchantDashboard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClientIp",
                table: "reseller_request_log",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExternalId",
                table: "reseller_request_log",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "KeyPrefix",
                table: "reseller_request_log",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "WholesaleDiscountPercent",
                table: "reseller_merchants",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.CreateIndex(
                name: "IX_reseller_request_log_KeyPrefix_At",
                table: "reseller_request_log",
                columns: new[] { "KeyPrefix", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_reseller_request_log_KeyPrefix_At",
                table: "reseller_request_log");

            migrationBuilder.DropColumn(
                name: "ClientIp",
                table: "reseller_request_log");

            migrationBuilder.DropColumn(
                name: "ExternalId",
                table: "reseller_request_log");

            migrationBuilder.DropColumn(
                name: "KeyPrefix",
                table: "reseller_request_log");

            migrationBuilder.DropColumn(
                name: "WholesaleDiscountPercent",
                table: "reseller_merchants");
        }
    }
}
