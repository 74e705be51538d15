using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Orders;
using static Orderly.IntegrationTests.Orders.ReportsShop;

namespace Orderly.IntegrationTests.Orders;

/// <summary>The staff's order search by the start of the buyer's address (an indexed range on SQLite, LIKE on PostgreSQL).</summary>
public sealed class OrderEmailSearchTests
{
    [Fact]
    public async Task An_address_prefix_finds_exactly_the_orders_whose_address_starts_with_it_in_any_case()
    {
        await using var app = new OrderlyApp();
        (await app.CreateProductAsync("KEY-A")).EnsureSuccessStatusCode();
        string[] emails = ["Alice@Shop.test", "alina@shop.test", "al_x@shop.test", "alz@shop.test", "am@shop.test", "bob@shop.test", "al"];
        var ids = new List<Guid>();
        foreach (var _ in emails)
        {
            ids.Add(await AddOrderAsync(app, Now(app).AddHours(-1), "EUR", false, null, new Line("KEY-A", 1, 1000)));
        }
        await app.QueryAsync(async db =>
        {
            var orders = await db.Set<Order>().Where(o => ids.Contains(o.Id)).ToListAsync();
            foreach (var order in orders)
            {
                order.Email = emails[ids.IndexOf(order.Id)];
            }
            return await db.SaveChangesAsync();
        });

        async Task<List<string>> FindAsync(string term)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var page = await scope.ServiceProvider.GetRequiredService<SearchOrders.Handler>()
                .HandleAsync(new SearchOrders.Query(null, term, null, null, 1), TestContext.Current.CancellationToken);
            return page.Rows.Select(r => r.Email).Order(StringComparer.Ordinal).ToList();
        }

        Assert.Equal(["Alice@Shop.test", "al", "al_x@shop.test", "alina@shop.test", "alz@shop.test"], await FindAsync("AL"));
        Assert.Equal(["Alice@Shop.test", "alina@shop.test"], await FindAsync("ali"));
        Assert.Equal(["al_x@shop.test"], await FindAsync("al_")); // "_" is a character here, not a wildcard
        Assert.Equal(["alz@shop.test"], await FindAsync("alz"));
        Assert.Equal(["Alice@Shop.test"], await FindAsync(" alice@shop.test "));
        Assert.Empty(await FindAsync("alq"));
    }
}
