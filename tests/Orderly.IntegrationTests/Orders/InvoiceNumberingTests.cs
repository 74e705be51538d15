using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Orders;
using Orderly.Orders.Contracts;
using Orderly.Persistence;
using static Orderly.IntegrationTests.Orders.OrdersShop;

namespace Orderly.IntegrationTests.Orders;

/// <summary>I2: invoice numbers are given in the payment's transaction: sequential, gap-free, never shared, under concurrency and on both providers.</summary>
public sealed class InvoiceNumberingTests
{
    [Fact]
    public async Task Numbers_given_at_once_are_one_to_twenty_and_a_rolled_back_payment_leaves_no_gap()
    {
        await using var app = Start();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        _ = app.Services; // started once, before the writers race
        using var start = new SemaphoreSlim(0);
        var assignments = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            await start.WaitAsync(TestContext.Current.CancellationToken);
            await using var transaction = await db.BeginWriteAsync(TestContext.Current.CancellationToken);
            var invoice = await scope.ServiceProvider.GetRequiredService<IssueInvoice>().AssignAsync(Guid.NewGuid(), false, now, TestContext.Current.CancellationToken);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
            return invoice.Number;
        })).ToList();
        start.Release(20);
        var numbers = await Task.WhenAll(assignments);
        Assert.Equal(Enumerable.Range(1, 20).Select(n => (long)n), numbers.Order());

        // A payment whose transaction rolls back takes its number back with it.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            await using var transaction = await db.BeginWriteAsync(TestContext.Current.CancellationToken);
            Assert.Equal(21, (await scope.ServiceProvider.GetRequiredService<IssueInvoice>().AssignAsync(Guid.NewGuid(), false, now, TestContext.Current.CancellationToken)).Number);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderlyDbContext>();
            await using var transaction = await db.BeginWriteAsync(TestContext.Current.CancellationToken);
            Assert.Equal(21, (await scope.ServiceProvider.GetRequiredService<IssueInvoice>().AssignAsync(Guid.NewGuid(), false, now, TestContext.Current.CancellationToken)).Number);
            // Test-mode orders count in a series of their own: no real number is used up.
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<IssueInvoice>().AssignAsync(Guid.NewGuid(), true, now, TestContext.Current.CancellationToken)).Number);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Twenty_paid_orders_whose_invoices_are_opened_at_once_get_consecutive_numbers_and_an_unpaid_order_has_none()
    {
        await using var app = Start();
        await ProductAsync(app, "INV-1", keys: 21);
        var orders = new List<Guid>();
        for (var i = 0; i < 21; i++)
        {
            orders.Add((await app.PlaceOrderAsync($"inv-{i}-{Guid.NewGuid():N}@example.com", ("INV-1", 1))).OrderId);
        }
        await app.QueryAsync(db => db.Set<Order>().Where(o => orders.Contains(o.Id)).ExecuteUpdateAsync(s => s.SetProperty(o => o.PaymentMethod, PaymentMethods.Manual)));
        var unpaid = orders[^1];
        var paid = orders[..^1];

        var marked = await Task.WhenAll(paid.Select(id => app.Admin().PostAsJsonAsync($"/api/admin/orders/{id}/mark-paid", new { }, TestContext.Current.CancellationToken)));
        Assert.All(marked, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        await app.WaitUntilAsync(async db => await db.Set<Order>().CountAsync(o => paid.Contains(o.Id) && o.PaidAt != null) == 20, "every order is paid");
        Assert.Equal(0, await app.QueryAsync(db => db.Set<Invoice>().CountAsync(i => paid.Contains(i.OrderId))));
        // Issued when first asked for: twenty first views at once, each in its own scope (as twenty requests would be).
        await Task.WhenAll(paid.Select(async id =>
        {
            await using var viewer = app.Services.CreateAsyncScope();
            Assert.IsType<ShowInvoice.Outcome.Found>(await viewer.ServiceProvider.GetRequiredService<ShowInvoice.Handler>().HandleAsync(id, null, TestContext.Current.CancellationToken));
        }));
        Assert.Equal(20, await app.QueryAsync(db => db.Set<Invoice>().CountAsync(i => paid.Contains(i.OrderId))));
        var numbers = await app.QueryAsync(db => db.Set<Invoice>().Where(i => paid.Contains(i.OrderId)).Select(i => i.Number).OrderBy(n => n).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 20).Select(n => (long)n), numbers);

        await using var scope = app.Services.CreateAsyncScope();
        var invoices = scope.ServiceProvider.GetRequiredService<ShowInvoice.Handler>();
        Assert.IsType<ShowInvoice.Outcome.NotInvoiced>(await invoices.HandleAsync(unpaid, null, TestContext.Current.CancellationToken));
        var first = await app.QueryAsync(db => db.Set<Invoice>().Where(i => i.Number == 1 && i.Series == "default").Select(i => i.OrderId).SingleAsync());
        var email = await app.QueryAsync(db => db.Set<Order>().Where(o => o.Id == first).Select(o => o.Email).SingleAsync());
        var found = Assert.IsType<ShowInvoice.Outcome.Found>(await invoices.HandleAsync(first, email.ToUpperInvariant(), TestContext.Current.CancellationToken));
        Assert.Equal("INV-000001", found.Invoice.Number);
        // Another buyer's order is not found, whether or not it exists.
        Assert.IsType<ShowInvoice.Outcome.NotFound>(await invoices.HandleAsync(first, "someone-else@example.com", TestContext.Current.CancellationToken));
    }
}
