using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orderly.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class FraudReviewsAndAwaitingStock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AwaitingProductId",
                table: "fulfillment_jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AwaitingSince",
                table: "fulfillment_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "HeldForReviewAt",
                table: "fulfillment_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "fraud_assessments",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Reasons = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CardFingerprint = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    AssessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Review = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ClaimToken = table.Column<Guid>(type: "uuid", nullable: true),
                    ClaimedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fraud_assessments", x => x.OrderId);
                });

            migrationBuilder.CreateTable(
                name: "fraud_order_signals",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    IpAddress = table.Column<string>(type: "character varying(45)", maxLength: 45, nullable: true),
                    IpCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    BillingCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    PaymentMethod = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    IsTest = table.Column<bool>(type: "boolean", nullable: false),
                    PlacedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fraud_order_signals", x => x.OrderId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_fraud_assessments_CardFingerprint_AssessedAt",
                table: "fraud_assessments",
                columns: new[] { "CardFingerprint", "AssessedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_fraud_assessments_Review_AssessedAt",
                table: "fraud_assessments",
                columns: new[] { "Review", "AssessedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_fraud_order_signals_Email_PlacedAt",
                table: "fraud_order_signals",
                columns: new[] { "Email", "PlacedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_fraud_order_signals_IpAddress_PlacedAt",
                table: "fraud_order_signals",
                columns: new[] { "IpAddress", "PlacedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "fraud_assessments");

            migrationBuilder.DropTable(
                name: "fraud_order_signals");

            migrationBuilder.DropColumn(
                name: "AwaitingProductId",
                table: "fulfillment_jobs");

            migrationBuilder.DropColumn(
                name: "AwaitingSince",
                table: "fulfillment_jobs");

            migrationBuilder.DropColumn(
                name: "HeldForReviewAt",
                table: "fulfillment_jobs");
        }
    }
}
