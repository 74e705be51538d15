using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.Checkout;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Checkout;

/// <summary>Guests' carts untouched for Checkout:GuestCartRetention go, with their lines; users' carts and fresh ones stay.</summary>
public sealed class GuestCartSweeperTests
{
    [Fact]
    public async Task Guest_carts_idle_longer_than_the_retention_are_deleted_in_batches_and_the_rest_stay()
    {
        var clock = new ShiftedClock();
        await using var app = new OrderlyApp(new Dictionary<string, string?> { ["Checkout:GuestCartRetention"] = "10.00:00:00" }, s => s.AddSingleton<TimeProvider>(clock));
        var now = clock.GetUtcNow().UtcDateTime;
        // More stale carts than one batch holds, each with a line.
        var stale = Enumerable.Range(0, SweepGuestCarts.BatchSize + 3).Select(_ => Guid.NewGuid()).ToList();
        var fresh = Guid.NewGuid();
        var user = Guid.NewGuid();
        await app.QueryAsync(async db =>
        {
            db.Set<Cart>().AddRange(stale.Select(id => new Cart { Id = id, CreatedAt = now, UpdatedAt = now }));
            db.Set<CartLine>().AddRange(stale.Select(id => new CartLine { CartId = id, Sku = "SKU-1", Quantity = 1, AddedAt = now }));
            db.Set<Cart>().Add(new Cart { Id = user, UserId = Guid.NewGuid().ToString(), CreatedAt = now, UpdatedAt = now });
            db.Set<Cart>().Add(new Cart { Id = fresh, CreatedAt = now, UpdatedAt = now.AddDays(15) });
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        var sweeper = app.Services.GetRequiredService<SweepGuestCarts>();

        clock.Travel(TimeSpan.FromDays(9));
        Assert.Equal(0, await sweeper.SweepAsync(TestContext.Current.CancellationToken));

        clock.Travel(TimeSpan.FromDays(2));
        Assert.Equal(stale.Count, await sweeper.SweepAsync(TestContext.Current.CancellationToken));
        var left = await app.QueryAsync(db => db.Set<Cart>().Select(c => c.Id).ToListAsync());
        Assert.Equal(new[] { fresh, user }.Order(), left.Order());
        Assert.Equal(0, await app.QueryAsync(db => db.Set<CartLine>().CountAsync(l => stale.Contains(l.CartId))));
    }
}
