using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orderly.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Reseller : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reseller_api_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Prefix = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SecretHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reseller_api_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reseller_fx_rates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    EurPerUnit = table.Column<decimal>(type: "numeric(18,10)", precision: 18, scale: 10, nullable: false),
                    Source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AsOf = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reseller_fx_rates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reseller_ledger_postings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TransactionId = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Account = table.Column<int>(type: "integer", nullable: false),
                    AmountMinor = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reseller_ledger_postings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reseller_ledger_transactions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    ReferenceId = table.Column<Guid>(type: "uuid", nullable: true),
                    Memo = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reseller_ledger_transactions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reseller_merchants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    AllowedIps = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    WalletVersion = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reseller_merchants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reseller_orders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApiKeyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExternalId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    PayloadHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    ClientEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    DebitedMinor = table.Column<long>(type: "bigint", nullable: false),
                    UnitAmountMinor = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    EurPerUnit = table.Column<decimal>(type: "numeric(18,10)", precision: 18, scale: 10, nullable: false),
                    FxSource = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FxAsOf = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    BalanceAfterMinor = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RefundedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reseller_orders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reseller_request_log",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<Guid>(type: "uuid", nullable: true),
                    Path = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MaskedBody = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reseller_request_log", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reseller_webhook_deliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventName = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EventKey = table.Column<string>(type: "character varying(96)", maxLength: 96, nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastStatusCode = table.Column<int>(type: "integer", nullable: true),
                    LastError = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reseller_webhook_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reseller_webhook_subscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Events = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    DisabledReason = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reseller_webhook_subscriptions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_reseller_api_keys_MerchantId",
                table: "reseller_api_keys",
                column: "MerchantId");

            migrationBuilder.CreateIndex(
                name: "IX_reseller_api_keys_Prefix",
                table: "reseller_api_keys",
                column: "Prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reseller_fx_rates_Currency_AsOf",
                table: "reseller_fx_rates",
                columns: new[] { "Currency", "AsOf" });

            migrationBuilder.CreateIndex(
                name: "IX_reseller_ledger_postings_MerchantId_Account",
                table: "reseller_ledger_postings",
                columns: new[] { "MerchantId", "Account" });

            migrationBuilder.CreateIndex(
                name: "IX_reseller_ledger_postings_TransactionId",
                table: "reseller_ledger_postings",
                column: "TransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_reseller_ledger_transactions_MerchantId_At",
                table: "reseller_ledger_transactions",
                columns: new[] { "MerchantId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_reseller_orders_MerchantId_ExternalId",
                table: "reseller_orders",
                columns: new[] { "MerchantId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reseller_orders_OrderId",
                table: "reseller_orders",
                column: "OrderId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reseller_orders_RequestId",
                table: "reseller_orders",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reseller_request_log_MerchantId_At",
                table: "reseller_request_log",
                columns: new[] { "MerchantId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_reseller_webhook_deliveries_MerchantId_CreatedAt",
                table: "reseller_webhook_deliveries",
                columns: new[] { "MerchantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reseller_webhook_deliveries_Status_NextAttemptAt",
                table: "reseller_webhook_deliveries",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reseller_webhook_deliveries_SubscriptionId_EventKey",
                table: "reseller_webhook_deliveries",
                columns: new[] { "SubscriptionId", "EventKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reseller_webhook_subscriptions_MerchantId",
                table: "reseller_webhook_subscriptions",
                column: "MerchantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reseller_api_keys");

            migrationBuilder.DropTable(
                name: "reseller_fx_rates");

            migrationBuilder.DropTable(
                name: "reseller_ledger_postings");

            migrationBuilder.DropTable(
                name: "reseller_ledger_transactions");

            migrationBuilder.DropTable(
                name: "reseller_merchants");

            migrationBuilder.DropTable(
                name: "reseller_orders");

            migrationBuilder.DropTable(
                name: "reseller_request_log");

            migrationBuilder.DropTable(
                name: "reseller_webhook_deliveries");

            migrationBuilder.DropTable(
                name: "reseller_webhook_subscriptions");
        }
    }
}
