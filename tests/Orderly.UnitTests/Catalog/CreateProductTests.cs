using Orderly.Catalog;
using Orderly.Catalog.Contracts;

namespace Orderly.UnitTests.Catalog;

public sealed class CreateProductTests
{
    private static readonly Guid Id = new("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    private static readonly DateTime Now = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static CreateProductRequest Digital(
        string? sku = "GAME-001", string? delivery = "code", string? keySource = null, string? keyPattern = null,
        string? currency = "EUR", int? threshold = null) =>
        new(sku, "  Space Game  ", "digital", delivery, new PriceRequest(1999, currency), keySource, keyPattern, threshold);

    private static CreateProductRequest Physical(int? threshold = null) =>
        new("MUG-1", "Mug", "physical", null, new PriceRequest(1200, "EUR"), null, null, threshold);

    private static void AssertRejected(CreateProductRequest request, string field, string message)
    {
        var (product, errors) = CreateProduct.Decide(request, Id, Now);

        Assert.Null(product);
        var error = Assert.Single(errors, e => e.Field == field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_digital_product_with_pooled_codes_is_created()
    {
        var (product, errors) = CreateProduct.Decide(Digital(keySource: "pool"), Id, Now);

        Assert.Empty(errors);
        Assert.NotNull(product);
        Assert.Equal(Id, product.Id);
        Assert.Equal("GAME-001", product.Sku);
        Assert.Equal("Space Game", product.Name);
        Assert.Equal(ProductKind.Digital, product.Kind);
        Assert.Equal(DeliveryKind.Code, product.Delivery);
        Assert.Equal(KeySource.Pool, product.KeySource);
        Assert.Null(product.KeyPattern);
        Assert.Equal(1999, product.PriceAmount);
        Assert.Equal("EUR", product.Currency);
        Assert.Equal(Now, product.CreatedAt);
        Assert.Equal(Now, product.UpdatedAt);
    }

    [Fact]
    public void A_code_product_without_a_key_source_draws_from_a_pool()
    {
        var (product, _) = CreateProduct.Decide(Digital(keySource: null), Id, Now);

        Assert.Equal(KeySource.Pool, product?.KeySource);
    }

    [Fact]
    public void Kind_delivery_and_key_source_are_case_insensitive()
    {
        var request = new CreateProductRequest("GAME-001", "Game", "Digital", "MIXED", new PriceRequest(0, "USD"), "Generator", "XXXXX-XXXXX", null);

        var (product, errors) = CreateProduct.Decide(request, Id, Now);

        Assert.Empty(errors);
        Assert.Equal(DeliveryKind.Mixed, product?.Delivery);
        Assert.Equal(KeySource.Generator, product?.KeySource);
        Assert.Equal("XXXXX-XXXXX", product?.KeyPattern);
    }

    [Fact]
    public void A_physical_product_is_delivered_by_shipment_without_a_key_source()
    {
        var (product, errors) = CreateProduct.Decide(Physical(), Id, Now);

        Assert.Empty(errors);
        Assert.NotNull(product);
        Assert.Equal(ProductKind.Physical, product.Kind);
        Assert.Equal(DeliveryKind.Shipment, product.Delivery);
        Assert.Equal(KeySource.None, product.KeySource);
    }

    [Fact]
    public void A_physical_product_with_a_digital_delivery_is_refused()
    {
        var request = Physical() with { Delivery = "code" };

        AssertRejected(request, "delivery", "physical products are shipped");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-GAME")]
    [InlineData("GAME 001")]
    [InlineData("GAME/001")]
    [InlineData("SPIEL-Ü")]
    public void A_malformed_sku_is_refused(string? sku)
    {
        AssertRejected(Digital(sku: sku), "sku", "is required");
    }

    [Fact]
    public void A_sku_longer_than_sixty_four_characters_is_refused()
    {
        AssertRejected(Digital(sku: new string('A', 65)), "sku", "1–64");
    }

    [Fact]
    public void A_sku_of_sixty_four_characters_is_accepted()
    {
        var (product, errors) = CreateProduct.Decide(Digital(sku: "A" + new string('_', 63)), Id, Now);

        Assert.Empty(errors);
        Assert.NotNull(product);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    public void A_currency_that_is_not_an_upper_case_iso_code_is_refused(string? currency)
    {
        AssertRejected(Digital(currency: currency), "price.currency", "ISO 4217");
    }

    [Fact]
    public void A_negative_price_is_refused()
    {
        AssertRejected(Digital() with { Price = new PriceRequest(-1, "EUR") }, "price.amount", "non-negative");
    }

    [Fact]
    public void A_generator_without_a_pattern_is_refused()
    {
        AssertRejected(Digital(keySource: "generator"), "keyPattern", "is required with keySource 'generator'");
    }

    [Fact]
    public void A_generator_with_a_weak_pattern_is_refused()
    {
        AssertRejected(Digital(keySource: "generator", keyPattern: "XXXX"), "keyPattern", "too little randomness");
    }

    [Fact]
    public void A_pattern_with_pooled_codes_is_refused()
    {
        AssertRejected(Digital(keySource: "pool", keyPattern: "XXXXX-XXXXX-XXXXX"), "keyPattern", "only used with keySource 'generator'");
    }

    [Fact]
    public void A_file_product_with_a_pool_key_source_is_refused()
    {
        AssertRejected(Digital(delivery: "file", keySource: "pool"), "keySource", "only products that deliver codes");
    }

    [Fact]
    public void A_file_product_has_no_key_source()
    {
        var (product, errors) = CreateProduct.Decide(Digital(delivery: "file"), Id, Now);

        Assert.Empty(errors);
        Assert.Equal(KeySource.None, product?.KeySource);
    }

    [Fact]
    public void All_field_errors_are_reported_together()
    {
        var request = new CreateProductRequest(null, null, "vinyl", null, null, null, null, -1);

        var (product, errors) = CreateProduct.Decide(request, Id, Now);

        Assert.Null(product);
        Assert.Equal(["sku", "name", "kind", "price.amount", "lowStockThreshold"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Pooled_digital_products_default_to_a_low_stock_threshold_of_ten()
    {
        Assert.Equal(10, CreateProduct.Decide(Digital(keySource: "pool"), Id, Now).Product?.LowStockThreshold);
    }

    [Fact]
    public void Physical_products_default_to_a_low_stock_threshold_of_five()
    {
        Assert.Equal(5, CreateProduct.Decide(Physical(), Id, Now).Product?.LowStockThreshold);
    }

    [Fact]
    public void Generated_codes_default_to_no_low_stock_alerts()
    {
        var request = Digital(keySource: "generator", keyPattern: "XXXXX-XXXXX-XXXXX");

        Assert.Equal(0, CreateProduct.Decide(request, Id, Now).Product?.LowStockThreshold);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(10_000_000)]
    public void An_explicit_low_stock_threshold_is_kept(int threshold)
    {
        Assert.Equal(threshold, CreateProduct.Decide(Digital(threshold: threshold), Id, Now).Product?.LowStockThreshold);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_000_001)]
    public void A_low_stock_threshold_out_of_range_is_refused(int threshold)
    {
        AssertRejected(Digital(threshold: threshold), "lowStockThreshold", "between 0 and 10000000");
    }

    [Fact]
    public void A_sku_with_a_trailing_newline_is_rejected()
    {
        var (product, errors) = CreateProduct.Decide(Digital(sku: "GAME-001\n", keySource: "pool"), Id, Now);

        Assert.Null(product);
        Assert.Contains(errors, e => e.Field == "sku");
    }
}
