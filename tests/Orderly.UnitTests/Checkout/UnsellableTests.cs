using Orderly.Catalog.Contracts;
using Orderly.Checkout;
using Orderly.Hosting;

namespace Orderly.UnitTests.Checkout;

public sealed class UnsellableTests
{
    private static ProductInfo Product(ProductStatus status) =>
        new(Guid.NewGuid(), "KEY-1", "Key", ProductKind.Digital, DeliveryKind.Code, new Money(1000, "EUR"), KeySource.Pool, null, 5, null, status);

    [Fact]
    public void A_draft_cannot_be_bought() =>
        Assert.Equal("checkout.product_unavailable", PlaceOrder.Unsellable(Product(ProductStatus.Draft))?.Code);

    [Fact]
    public void A_published_product_can_be_bought() =>
        Assert.Null(PlaceOrder.Unsellable(Product(ProductStatus.Published)));
}
