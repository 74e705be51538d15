using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orderly.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OrderPaymentMethod : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsTest",
                table: "orders_orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PaymentMethod",
                table: "orders_orders",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "stripe");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsTest",
                table: "orders_orders");

            migrationBuilder.DropColumn(
                name: "PaymentMethod",
                table: "orders_orders");
        }
    }
}
