using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Orders.Contracts;
using static Orderly.IntegrationTests.Orders.ReportsShop;

namespace Orderly.IntegrationTests.Orders;

/// <summary>The best-seller ranking behind the home page's list and the cards' badge.</summary>
public sealed class BestSellersTests
{
    [Fact]
    public async Task A_test_mode_order_does_not_make_a_product_a_best_seller()
    {
        await using var app = new OrderlyApp();
        foreach (var sku in new[] { "TRIED", "SOLD" })
        {
            (await app.CreateProductAsync(sku)).EnsureSuccessStatusCode();
        }
        var paid = Now(app).AddHours(-1);
        await AddOrderAsync(app, paid, "EUR", true, null, new Line("TRIED", 5, 1000)); // the shop trying its checkout
        await AddOrderAsync(app, paid, "EUR", false, null, new Line("SOLD", 1, 1000));

        await using var scope = app.Services.CreateAsyncScope();
        var top = await scope.ServiceProvider.GetRequiredService<IBestSellers>().TopAsync(30, 12, TestContext.Current.CancellationToken);

        var only = Assert.Single(top);
        Assert.Equal((await ProductIdAsync(app, "SOLD"), 1), (only.ProductId, only.Count));
    }
}
