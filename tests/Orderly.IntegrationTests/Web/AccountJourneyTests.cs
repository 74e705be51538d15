using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Orderly.Accounts;
using Orderly.IntegrationTests.Infrastructure;
using Orderly.Orders.Contracts;

namespace Orderly.IntegrationTests.Web;

/// <summary>
/// The buyer's account in a real browser: a guest order, then registration with the same address,
/// confirmation from the e-mail, the order history and the library; password reset; lockout; data
/// export; and account deletion, which keeps the order but anonymizes it.
/// </summary>
public sealed class AccountJourneyTests(BrowserFixture browser)
{
    internal const string Password = "correct horse battery";
    private static readonly Dictionary<string, string?> TestMode = new() { ["Checkout:TestMode"] = "true" };

    private static SmtpSink Sink => SmtpSink.FromEnvironment() ?? throw new InvalidOperationException("No SMTP sink configured: run ./test.sh (it starts one).");

    private static string NewEmail() => $"acct-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task A_guest_buyer_registers_confirms_and_finds_the_order_and_the_code_in_the_account()
    {
        await using var app = new OrderlyApp(TestMode);
        var baseUrl = app.StartWebServer();
        var email = NewEmail();
        var code = $"ACCT-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var orderId = await PlaceGuestOrderAsync(app, baseUrl, email, code);
        var page = await browser.NewPageAsync(baseUrl);

        await page.GotoAsync("/account/register");
        await page.GetByLabel("Name").FillAsync("Ada Buyer");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Repeat the password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your inbox" })).ToBeVisibleAsync();

        // Not confirmed yet: sign-in is refused.
        await SignInAsync(page, email, Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirm your e-mail address first");

        await page.GotoAsync(await LinkFromEmailAsync(email, "Confirm your e-mail address", "/account/confirm"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "E-mail address confirmed" })).ToBeVisibleAsync();
        // The account took the id of the customer the guest order made, so that order is theirs.
        var ids = await app.QueryAsync(async db => (
            await db.Set<StoreUser>().Where(u => u.Email == email).Select(u => u.Id).SingleAsync(),
            await db.Set<Customer>().Where(c => c.Email == email).Select(c => c.Id).SingleAsync()));
        Assert.Equal(ids.Item2, ids.Item1);

        await SignInAsync(page, email, Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "My account" })).ToBeVisibleAsync();
        await page.GotoAsync("/account/orders");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Completed" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/account/orders/{orderId}$"));
        var timeline = page.Locator("ol.timeline");
        await Assertions.Expect(timeline).ToContainTextAsync("Order placed.");
        await Assertions.Expect(timeline).ToContainTextAsync("Payment received");
        await Assertions.Expect(timeline).ToContainTextAsync("Order complete");
        await Assertions.Expect(page.GetByText("Test order: no money was taken")).ToBeVisibleAsync();

        // A return request, once; staff see it in the admin API.
        await page.GetByLabel("Why? What went wrong?").FillAsync("The code was already used.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your request was sent");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send the request" })).ToHaveCountAsync(0);
        using var admin = AdminClient(baseUrl);
        var requests = await admin.GetFromJsonAsync<JsonElement>("/api/admin/orders/refund-requests?status=open", TestContext.Current.CancellationToken);
        var request = Assert.Single(requests.EnumerateArray());
        Assert.Equal(orderId, request.GetProperty("orderId").GetGuid());
        Assert.Equal("The code was already used.", request.GetProperty("reason").GetString());

        // The library: masked until revealed (recorded), then copied.
        await page.GotoAsync("/library");
        var value = page.Locator("code.key");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Product ACCT-KEY" })).ToBeVisibleAsync();
        await Assertions.Expect(value).Not.ToHaveTextAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Reveal" }).ClickAsync();
        await Assertions.Expect(value).ToHaveTextAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        Assert.Equal(code, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        Assert.True(await app.QueryAsync(db => db.Set<Orderly.Audit.AuditEntry>().AnyAsync(e => e.OrderId == orderId && e.Type == "KeyRevealed")));

        // Search that matches nothing explains itself.
        await page.GetByLabel("Search your products").FillAsync("no such thing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Nothing in your library matches")).ToBeVisibleAsync();
        await page.GotoAsync("/library");
        await BrowserFixture.ScreenshotAsync(page, "account-library");

        // Export my data: a JSON file with the order.
        var export = await page.Context.APIRequest.GetAsync($"{baseUrl}/account/export");
        Assert.Equal(200, export.Status);
        Assert.StartsWith("application/json", export.Headers["content-type"], StringComparison.Ordinal);
        var data = JsonDocument.Parse(await export.TextAsync()).RootElement;
        Assert.Equal(email, data.GetProperty("profile").GetProperty("email").GetString());
        Assert.Equal(orderId, data.GetProperty("orders")[0].GetProperty("id").GetGuid());
        Assert.Equal("ACCT-KEY", data.GetProperty("library")[0].GetProperty("sku").GetString());
        Assert.DoesNotContain(code, await export.TextAsync(), StringComparison.Ordinal);

        await page.GotoAsync($"/account/orders/{orderId}");
        await BrowserFixture.ScreenshotAsync(page, "account-order");
    }

    [Fact]
    public async Task A_buyer_who_forgot_the_password_resets_it_from_the_email_and_signs_in()
    {
        await using var app = new OrderlyApp();
        var baseUrl = app.StartWebServer();
        var email = NewEmail();
        await RegisterConfirmedAsync(app, email);
        var page = await browser.NewPageAsync(baseUrl);

        // An unknown address gets the same answer: the form tells no one who has an account.
        await page.GotoAsync("/account/forgot-password");
        await page.GetByLabel("E-mail").FillAsync(NewEmail());
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the reset link" }).ClickAsync();
        var unknownAnswer = await page.GetByRole(AriaRole.Status).TextContentAsync();

        await page.GotoAsync("/account/forgot-password");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the reset link" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(unknownAnswer!);

        var link = await LinkFromEmailAsync(email, "Choose a new password", "/account/reset-password");
        await page.GotoAsync(link);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a brand new passphrase");
        await page.GetByLabel("Repeat the new password").FillAsync("something else entirely");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set the new password" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The two passwords differ.")).ToBeVisibleAsync();
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a brand new passphrase");
        await page.GetByLabel("Repeat the new password").FillAsync("a brand new passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set the new password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Password changed" })).ToBeVisibleAsync();

        // The link works once.
        await page.GotoAsync(link);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("yet another passphrase");
        await page.GetByLabel("Repeat the new password").FillAsync("yet another passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set the new password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("invalid, used or expired");

        await SignInAsync(page, email, Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("E-mail or password is wrong.");
        await SignInAsync(page, email, "a brand new passphrase");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "My account" })).ToBeVisibleAsync();
        await page.GotoAsync("/account");
        await Assertions.Expect(page.GetByText(email, new() { Exact = true })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "account-overview");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        await using var app = new OrderlyApp();
        var baseUrl = app.StartWebServer();
        var email = NewEmail();
        await RegisterConfirmedAsync(app, email);
        var page = await browser.NewPageAsync(baseUrl);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await SignInAsync(page, email, $"wrong password {attempt}");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("E-mail or password is wrong.");
        }
        await SignInAsync(page, email, "wrong password 5");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Too many failed attempts");
        await SignInAsync(page, email, Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Too many failed attempts");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "My account" })).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "account-locked");
    }

    [Fact]
    public async Task Deleting_the_account_keeps_the_order_anonymized_and_removes_the_rest()
    {
        await using var app = new OrderlyApp(TestMode);
        var baseUrl = app.StartWebServer();
        var email = NewEmail();
        var orderId = await PlaceGuestOrderAsync(app, baseUrl, email, $"DEL-{Guid.NewGuid():N}"[..20]);
        var userId = await RegisterConfirmedAsync(app, email);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<SaveAddress.Handler>().HandleAsync(userId, null,
                new AddressInput("Ada Buyer", "Hauptstraße 1", null, "Berlin", "10115", "de", null, false), CancellationToken.None);
            Assert.IsType<SaveAddress.Outcome.Saved>(saved);
            var refused = await scope.ServiceProvider.GetRequiredService<SaveAddress.Handler>().HandleAsync(userId, null,
                new AddressInput("", "x", null, "Berlin", "10115", "Germany", null, false), CancellationToken.None);
            Assert.Equal(["name", "country"], Assert.IsType<SaveAddress.Outcome.Invalid>(refused).Errors.Select(e => e.Field));
        }

        var page = await browser.NewPageAsync(baseUrl);
        await SignInAsync(page, email, Password);
        await page.GotoAsync("/account/delete");
        await page.GetByLabel("Your password").FillAsync("not my password");
        await page.GetByLabel("Yes, delete my account").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Nothing was deleted.");
        await page.GetByLabel("Your password").FillAsync(Password);
        await page.GetByLabel("Yes, delete my account").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account is deleted" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "account-deleted");

        var placeholder = DeleteAccount.Placeholder(userId);
        Assert.Equal(placeholder, await app.QueryAsync(db => db.Set<Orderly.Orders.Order>().Where(o => o.Id == orderId).Select(o => o.Email).SingleAsync()));
        Assert.Equal(placeholder, await app.QueryAsync(db => db.Set<Customer>().Where(c => c.Id == userId).Select(c => c.Email).SingleAsync()));
        Assert.False(await app.QueryAsync(db => db.Set<StoreUser>().AnyAsync(u => u.Id == userId)));
        Assert.False(await app.QueryAsync(db => db.Set<BuyerAddress>().AnyAsync(a => a.UserId == userId)));
        Assert.False(await app.QueryAsync(db => db.Set<Orderly.Library.LibraryEntry>().AnyAsync(e => e.CustomerId == userId)));
        Assert.True(await app.QueryAsync(db => db.Set<Orderly.Audit.AuditEntry>().AnyAsync(e => e.Type == "AccountDeleted")));
        Assert.True(await app.QueryAsync(db => db.Set<Orderly.Audit.AuditEntry>().AnyAsync(e => e.Type == "OrderAnonymized" && e.OrderId == orderId)));
        Assert.False(await app.QueryAsync(db => db.Set<Orderly.Audit.AuditEntry>().AnyAsync(e => e.Type == "AccountDeleted" && e.Data!.Contains(email))));
    }

    [Fact]
    public async Task The_email_link_opens_the_library_without_an_account_and_a_refunded_code_shows_revoked()
    {
        await using var app = new OrderlyApp(TestMode);
        var baseUrl = app.StartWebServer();
        var email = NewEmail();
        var code = $"LINK-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var orderId = await PlaceGuestOrderAsync(app, baseUrl, email, code);
        var mail = (await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email), 1, TimeSpan.FromSeconds(20)))[0];
        var library = Regex.Match(mail.TextBody ?? "", @"https?://[^/\s]+(/library\?token=[A-Za-z0-9_\-\.]+)").Groups[1].Value;
        Assert.NotEmpty(library);
        var page = await browser.NewPageAsync(baseUrl);

        await page.GotoAsync(library);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My library" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resend order" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("on its way again");
        await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email) && m.Subject?.EndsWith("Your products (resent)", StringComparison.Ordinal) == true, 1, TimeSpan.FromSeconds(20));

        // A refund took the code back: the badge says so, and neither the code nor a button is left.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var keyId = await app.QueryAsync(db => db.Set<Orderly.Library.LibraryEntry>().Where(e => e.OrderId == orderId).Select(e => e.KeyId!.Value).SingleAsync());
            await scope.ServiceProvider.GetRequiredService<Orderly.Library.Contracts.ILibraryRevocation>().RevokeAsync([keyId], [], CancellationToken.None);
        }
        await page.GotoAsync(library);
        await Assertions.Expect(page.GetByText("Revoked", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("code.key")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reveal" })).ToHaveCountAsync(0);
        Assert.DoesNotContain(code, await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "library-revoked");

        // A forged link opens nothing.
        var forged = await page.GotoAsync("/library?token=forged.token");
        Assert.Equal(401, forged!.Status);
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await BrowserFixture.SubmitSignInAsync(page, email, password);
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>The path and query of the account link in the latest e-mail with that subject to that address.</summary>
    private static async Task<string> LinkFromEmailAsync(string email, string subject, string path)
    {
        var mail = (await Sink.WaitForMessagesAsync(m => SmtpSink.IsAddressedTo(m, email) && m.Subject == subject, 1, TimeSpan.FromSeconds(20)))[^1];
        var match = Regex.Match(mail.TextBody ?? "", $@"https?://[^/\s]+({Regex.Escape(path)}\?[^\s]+)");
        Assert.True(match.Success, $"no {path} link in: {mail.TextBody}");
        return match.Groups[1].Value;
    }

    /// <summary>A buyer account that can sign in at once (registered through the use case, confirmed in the database).</summary>
    internal static async Task<Guid> RegisterConfirmedAsync(OrderlyApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<RegisterBuyer.Handler>().HandleAsync(email, Password, "Ada Buyer", CancellationToken.None);
        Assert.IsType<RegisterBuyer.Outcome.CheckInbox>(outcome);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("not registered");
        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
        return user.Id;
    }

    private static HttpClient AdminClient(string baseUrl)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OrderlyApp.AdminKey);
        return client;
    }

    /// <summary>A code product with one key, and a guest order for it paid in test mode through the JSON API; waits until it is in the library.</summary>
    private static async Task<Guid> PlaceGuestOrderAsync(OrderlyApp app, string baseUrl, string email, string code)
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = AdminClient(baseUrl);
        var sku = "ACCT-KEY";
        var created = await admin.PostAsJsonAsync("/api/admin/products", new
        {
            sku, name = $"Product {sku}", kind = "digital", delivery = "code", price = new { amount = 1500, currency = "EUR" }, keySource = "pool",
        }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (var keys = new StringContent(code, Encoding.UTF8, "text/plain"))
        {
            (await admin.PostAsync($"/api/admin/products/{sku}/keys", keys, ct)).EnsureSuccessStatusCode();
        }
        using var shopper = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var placed = await shopper.PostAsJsonAsync("/api/checkout", new { email, items = new[] { new { sku, quantity = 1 } }, paymentMethod = "test" }, ct);
        var body = await placed.Content.ReadAsStringAsync(ct);
        Assert.True(placed.StatusCode == HttpStatusCode.Created, body);
        var orderId = JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetGuid();
        await app.WaitUntilAsync(db => db.Set<Orderly.Orders.Order>().AnyAsync(o => o.Id == orderId && o.Status == OrderStatus.Completed), "the order is completed");
        await app.WaitUntilAsync(db => db.Set<Orderly.Library.LibraryEntry>().AnyAsync(e => e.OrderId == orderId), "the code is in the library");
        return orderId;
    }
}
