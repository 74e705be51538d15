using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Orderly.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class StaffDecisionsInvoicesEmailKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DecidedAt",
                table: "orders_refund_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecidedBy",
                table: "orders_refund_requests",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionMessage",
                table: "orders_refund_requests",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailKey",
                table: "orders_orders",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true,
                computedColumnSql: "lower(\"Email\")",
                stored: true);

            migrationBuilder.CreateTable(
                name: "orders_invoice_counters",
                columns: table => new
                {
                    Series = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LastNumber = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_orders_invoice_counters", x => x.Series);
                });

            migrationBuilder.CreateTable(
                name: "orders_invoices",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Series = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_orders_invoices", x => x.OrderId);
                });

            migrationBuilder.InsertData(
                table: "orders_invoice_counters",
                columns: new[] { "Series", "LastNumber" },
                values: new object[,]
                {
                    { "default", 0L },
                    { "test", 0L }
                });

            migrationBuilder.CreateIndex(
                name: "IX_orders_orders_EmailKey",
                table: "orders_orders",
                column: "EmailKey")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_orders_invoices_Series_Number",
                table: "orders_invoices",
                columns: new[] { "Series", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "orders_invoice_counters");

            migrationBuilder.DropTable(
                name: "orders_invoices");

            migrationBuilder.DropIndex(
                name: "IX_orders_orders_EmailKey",
                table: "orders_orders");

            migrationBuilder.DropColumn(
                name: "EmailKey",
                table: "orders_orders");

            migrationBuilder.DropColumn(
                name: "DecidedAt",
                table: "orders_refund_requests");

            migrationBuilder.DropColumn(
                name: "DecidedBy",
                table: "orders_refund_requests");

            migrationBuilder.DropColumn(
                name: "DecisionMessage",
                table: "orders_refund_requests");
        }
    }
}
