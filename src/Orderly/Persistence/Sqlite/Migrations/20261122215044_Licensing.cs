using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Orderly.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Licensing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "licensing_activations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LicenseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    InstanceName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ActivatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_licensing_activations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "licensing_licenses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrderLineId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    KeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KeyToken = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Plan = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ActivationLimit = table.Column<int>(type: "INTEGER", nullable: false),
                    ActivationCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaseLifetimeSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    RevalidationIntervalSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    GraceWindowSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    Entitlements = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_licensing_licenses", x => x.Id);
                    table.CheckConstraint("CK_licensing_licenses_seats", "\"ActivationCount\" >= 0 AND \"ActivationCount\" <= \"ActivationLimit\"");
                });

            migrationBuilder.CreateTable(
                name: "licensing_product_policies",
                columns: table => new
                {
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Plan = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ActivationLimit = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaseLifetimeSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    RevalidationIntervalSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    GraceWindowSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    Entitlements = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_licensing_product_policies", x => x.ProductId);
                });

            migrationBuilder.CreateTable(
                name: "licensing_signing_keys",
                columns: table => new
                {
                    Kid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    X = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Y = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DataKeyId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PrivateKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SignsUntil = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PublishedUntil = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_licensing_signing_keys", x => x.Kid);
                });

            migrationBuilder.CreateIndex(
                name: "IX_licensing_activations_LicenseId_Kind_Value",
                table: "licensing_activations",
                columns: new[] { "LicenseId", "Kind", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_licensing_licenses_Email",
                table: "licensing_licenses",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_licensing_licenses_KeyId",
                table: "licensing_licenses",
                column: "KeyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_licensing_licenses_KeyToken",
                table: "licensing_licenses",
                column: "KeyToken");

            migrationBuilder.CreateIndex(
                name: "IX_licensing_licenses_OrderId",
                table: "licensing_licenses",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_licensing_licenses_OrderLineId",
                table: "licensing_licenses",
                column: "OrderLineId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "licensing_activations");

            migrationBuilder.DropTable(
                name: "licensing_licenses");

            migrationBuilder.DropTable(
                name: "licensing_product_policies");

            migrationBuilder.DropTable(
                name: "licensing_signing_keys");
        }
    }
}
