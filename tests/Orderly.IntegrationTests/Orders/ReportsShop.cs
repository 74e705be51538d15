using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orderly.Catalog;
using Orderly.Catalog.Contracts;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Orders;
using Orderly.Orders.Contracts;

namespace Orderly.IntegrationTests.Orders;

/// <summary>Orders written straight into the database with known payment times, for the sales reports.</summary>
internal static partial class ReportsShop
{
    public static DateTime Now(OrderlyApp app) => app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    public static Task<Guid> ProductIdAsync(OrderlyApp app, string sku) =>
        app.QueryAsync(db => db.Set<Product>().Where(p => p.Sku == sku).Select(p => p.Id).SingleAsync());

    /// <summary>A category (under <paramref name="parent"/>) holding the given products.</summary>
    public static async Task<Guid> AddCategoryAsync(OrderlyApp app, string slug, string name, Guid? parent, params string[] skus)
    {
        var id = Guid.NewGuid();
        await app.QueryAsync(async db =>
        {
            db.Set<Category>().Add(new Category { Id = id, Slug = slug, Name = name, ParentId = parent, CreatedAt = Now(app) });
            await db.SaveChangesAsync();
            foreach (var product in await db.Set<Product>().Where(p => skus.Contains(p.Sku)).ToListAsync())
            {
                product.CategoryId = id;
            }
            return await db.SaveChangesAsync();
        });
        return id;
    }

    public sealed record Line(string Sku, int Quantity, long UnitPrice, int Refunded = 0, string? Name = null);

    /// <summary>A completed order paid at <paramref name="paidAt"/> (null: never paid) and fulfilled <paramref name="fulfilledAfter"/> later.</summary>
    public static async Task<Guid> AddOrderAsync(OrderlyApp app, DateTime? paidAt, string currency, bool test, TimeSpan? fulfilledAfter, params Line[] lines)
    {
        var id = Guid.NewGuid();
        var products = new Dictionary<string, Guid>();
        foreach (var sku in lines.Select(l => l.Sku).Distinct())
        {
            products[sku] = await ProductIdAsync(app, sku);
        }
        var placed = (paidAt ?? Now(app)).AddMinutes(-1);
        await app.QueryAsync(db =>
        {
            db.Set<Order>().Add(new Order
            {
                Id = id,
                Email = "buyer@shop.test",
                Status = paidAt is null ? OrderStatus.Pending : OrderStatus.Completed,
                Currency = currency,
                IsTest = test,
                PlacedAt = placed,
                PaidAt = paidAt,
                FulfilledAt = paidAt + fulfilledAfter,
                ReservationExpiresAt = placed.AddMinutes(15),
                TotalAmount = lines.Sum(l => l.Quantity * l.UnitPrice),
                RefundedAmount = lines.Sum(l => l.Refunded * l.UnitPrice),
                Lines = lines.Select(l => new OrderLine
                {
                    Id = Guid.NewGuid(),
                    OrderId = id,
                    ProductId = products[l.Sku],
                    Sku = l.Sku,
                    ProductName = l.Name ?? $"Product {l.Sku}",
                    Kind = ProductKind.Digital,
                    Delivery = DeliveryKind.Code,
                    Quantity = l.Quantity,
                    UnitPriceAmount = l.UnitPrice,
                    RefundedQuantity = l.Refunded,
                }).ToList(),
            });
            return db.SaveChangesAsync();
        });
        return id;
    }

    /// <summary>A client signed in through the real sign-in form (cookie and antiforgery token).</summary>
    public static async Task<HttpClient> SignedInClientAsync(OrderlyApp app, string email, string password)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var login = await client.GetStringAsync("/account/login");
        var token = TokenPattern().Match(login).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        var post = await client.PostAsync("/account/login", form);
        Assert.True(post.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, $"sign-in failed: {(int)post.StatusCode}");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
