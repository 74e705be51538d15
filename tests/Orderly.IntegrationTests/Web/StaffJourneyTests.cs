using System.Net.Http.Json;
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
/// Staff in a real browser: the refund-request queue (decline with a message, the buyer asks again,
/// approve), the invoice, who may decide, the audit log viewer, and a role change that counts at once.
/// </summary>
public sealed class StaffJourneyTests(BrowserFixture browser)
{
    private const string Sku = "KEY-STAFF";
    private const string Password = "a long passphrase";
    private static readonly Dictionary<string, string?> TestMode = new() { ["Checkout:TestMode"] = "true", ["Invoices:SellerName"] = "Orderly Test Shop Ltd" };

    [Fact]
    public async Task A_manager_declines_a_refund_request_the_buyer_asks_again_the_manager_approves_and_the_buyer_opens_the_invoice()
    {
        await using var app = new OrderlyApp(TestMode);
        var baseUrl = app.StartWebServer();
        await app.AddStaffUserAsync("manager@shop.test", Password, "manager");
        var email = $"buyer-{Guid.NewGuid():N}@example.com";
        await RegisterConfirmedAsync(app, email);
        var orderId = await PaidOrderAsync(app, email);

        var buyer = await browser.NewPageAsync(baseUrl);
        await SignInAsync(buyer, email, $"/account/orders/{orderId}");
        await buyer.GetByLabel("Why? What went wrong?").FillAsync("The code does not activate.");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await Assertions.Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync("Your request was sent");

        var manager = await browser.NewPageAsync(baseUrl);
        await SignInAsync(manager, "manager@shop.test", "/admin/refund-requests");
        await Assertions.Expect(manager.Locator(".admin-nav .nav-count")).ToHaveTextAsync("1");
        var row = manager.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
        await Assertions.Expect(row).ToContainTextAsync("The code does not activate.");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(manager.Locator("#refund-requests")).ToContainTextAsync("Open");
        // Declining without a message changes nothing.
        await manager.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        await Assertions.Expect(manager.GetByText("Tell the buyer why")).ToBeVisibleAsync();
        await manager.GetByLabel("Message to the buyer (required to decline)").FillAsync("Please paste the code without spaces; it works.");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Status)).ToContainTextAsync("Request declined");

        await buyer.GotoAsync($"/account/orders/{orderId}");
        await Assertions.Expect(buyer.Locator(".refund-decision")).ToContainTextAsync("The shop declined your request");
        await Assertions.Expect(buyer.Locator(".refund-decision")).ToContainTextAsync("Please paste the code without spaces; it works.");
        await buyer.GetByLabel("Why? What went wrong?").FillAsync("I did, it still fails.");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Ask again" }).ClickAsync();
        await Assertions.Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync("Your request was sent");
        await BrowserFixture.ScreenshotAsync(buyer, "staff-buyer-asks-again");

        await manager.GotoAsync($"/admin/orders/{orderId}");
        await Assertions.Expect(manager.Locator("#refund-requests")).ToContainTextAsync("I did, it still fails.");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Approve and refund" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Status)).ToContainTextAsync("Request approved");
        await app.WaitForOrderStatusAsync(orderId, "refunded");
        await manager.ReloadAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Refunded");
        await BrowserFixture.ScreenshotAsync(manager, "staff-order-request-approved");
        await manager.GotoAsync("/admin/refund-requests?status=declined");
        await Assertions.Expect(manager.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync("Please paste the code");

        await buyer.GotoAsync($"/account/orders/{orderId}");
        await Assertions.Expect(buyer.Locator(".order-meta")).ToContainTextAsync("Refunded");
        await Assertions.Expect(buyer.Locator(".refund-decision")).ToContainTextAsync("The shop approved your request");
        await buyer.GetByRole(AriaRole.Link, new() { Name = "View the invoice" }).ClickAsync();
        await Assertions.Expect(buyer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Invoice TEST-000001");
        await Assertions.Expect(buyer.Locator(".invoice")).ToContainTextAsync("Orderly Test Shop Ltd");
        await Assertions.Expect(buyer.Locator(".invoice")).ToContainTextAsync(email);
        await Assertions.Expect(buyer.Locator(".invoice-refunds")).ToContainTextAsync("refunded");
        await BrowserFixture.ScreenshotAsync(buyer, "staff-invoice");

        // Someone else's invoice is not found; staff open every paid order's invoice.
        var other = $"other-{Guid.NewGuid():N}@example.com";
        await RegisterConfirmedAsync(app, other);
        var stranger = await browser.NewPageAsync(baseUrl);
        await SignInAsync(stranger, other, "/account/orders");
        var denied = await stranger.GotoAsync($"/account/orders/{orderId}/invoice");
        Assert.Equal(404, denied!.Status);
        await Assertions.Expect(stranger.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
        await manager.GotoAsync($"/admin/orders/{orderId}/invoice");
        await Assertions.Expect(manager.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Invoice TEST-000001");
    }

    [Fact]
    public async Task Support_sees_a_request_but_cannot_decide_and_only_an_admin_reads_and_verifies_the_audit_log()
    {
        await using var app = new OrderlyApp(TestMode);
        var baseUrl = app.StartWebServer();
        await app.AddStaffUserAsync("support@shop.test", Password, "support");
        await app.AddStaffUserAsync("admin@shop.test", Password, "admin");
        var email = $"buyer-{Guid.NewGuid():N}@example.com";
        var orderId = await PaidOrderAsync(app, email);
        var requestId = await Orders.RefundRequestDecisionTests.RequestAsync(app, email, orderId, []);

        var support = await browser.NewPageAsync(baseUrl);
        await SignInAsync(support, "support@shop.test", $"/admin/orders/{orderId}");
        await Assertions.Expect(support.Locator("#refund-requests")).ToContainTextAsync("Waiting for a manager's decision.");
        await Assertions.Expect(support.GetByRole(AriaRole.Button, new() { Name = "Approve and refund" })).ToHaveCountAsync(0);
        // A decision posted by hand is refused by the page's handler.
        var token = await support.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var form = support.APIRequest.CreateFormData();
        foreach (var (name, value) in new[] { ("__RequestVerificationToken", token!), ("_handler", "decide"), ("DecisionForm.RequestId", requestId.ToString()), ("DecisionForm.Decision", "approve") })
        {
            form.Set(name, value);
        }
        var forged = await support.APIRequest.PostAsync($"/admin/orders/{orderId}", new() { Form = form, MaxRedirects = 0 });
        Assert.False(forged.Status is >= 300 and < 400 && forged.Headers.GetValueOrDefault("location", "").Contains("done=approved", StringComparison.Ordinal));
        Assert.Equal("open", await app.QueryAsync(db => db.Set<Orderly.Orders.RefundRequest>().Where(r => r.Id == requestId).Select(r => r.Status).SingleAsync()));
        await support.GotoAsync("/admin/audit");
        await Assertions.Expect(support).ToHaveURLAsync(new Regex("/account/denied"));

        var admin = await browser.NewPageAsync(baseUrl);
        await SignInAsync(admin, "admin@shop.test", "/admin/audit");
        await admin.GetByLabel("Action").SelectOptionAsync("RefundRequested");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var rows = admin.Locator("table.admin-audit tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToContainTextAsync(requestId.ToString());
        await admin.GotoAsync($"/admin/audit?entity={requestId}");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await admin.GotoAsync($"/admin/audit?entity={orderId}&actor=buyer&action=RefundRequested");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await admin.GotoAsync("/admin/audit?actor=nobody@shop.test");
        await Assertions.Expect(admin.GetByText("No entries match.")).ToBeVisibleAsync();
        await admin.GotoAsync("/admin/audit");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Verify chain" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("The audit log is intact");
        await BrowserFixture.ScreenshotAsync(admin, "staff-audit-log");
    }

    [Fact]
    public async Task A_manager_declines_one_request_and_approves_another_right_on_the_queue()
    {
        await using var app = new OrderlyApp(TestMode);
        var baseUrl = app.StartWebServer();
        await app.AddStaffUserAsync("manager@shop.test", Password, "manager");
        var (declinedBy, approvedBy) = ($"buyer-{Guid.NewGuid():N}@example.com", $"buyer-{Guid.NewGuid():N}@example.com");
        var declinedOrder = await PaidOrderAsync(app, declinedBy, "KEY-QUEUE-1");
        var approvedOrder = await PaidOrderAsync(app, approvedBy, "KEY-QUEUE-2");
        var declinedRequest = await Orders.RefundRequestDecisionTests.RequestAsync(app, declinedBy, declinedOrder, []);
        await Orders.RefundRequestDecisionTests.RequestAsync(app, approvedBy, approvedOrder, []);

        var manager = await browser.NewPageAsync(baseUrl);
        await SignInAsync(manager, "manager@shop.test", "/admin/refund-requests");
        var row = manager.GetByRole(AriaRole.Row).Filter(new() { HasText = declinedBy });
        // Declining without a message is explained on that row and changes nothing.
        await row.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        await Assertions.Expect(row.GetByText("Tell the buyer why")).ToBeVisibleAsync();
        Assert.Equal("open", await app.QueryAsync(db => db.Set<Orderly.Orders.RefundRequest>().Where(r => r.Id == declinedRequest).Select(r => r.Status).SingleAsync()));
        await row.GetByLabel("Message to the buyer (required to decline)").FillAsync("The key was activated on your account.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Status)).ToContainTextAsync($"Request declined (order {declinedOrder.ToString()[..8]})");
        await Assertions.Expect(manager.GetByRole(AriaRole.Row).Filter(new() { HasText = declinedBy })).ToHaveCountAsync(0);

        await manager.GetByRole(AriaRole.Row).Filter(new() { HasText = approvedBy }).GetByRole(AriaRole.Button, new() { Name = "Approve and refund" }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Status)).ToContainTextAsync("Request approved");
        await app.WaitForOrderStatusAsync(approvedOrder, "refunded");
        await Assertions.Expect(manager.GetByText("No open requests: every buyer has an answer.")).ToBeVisibleAsync();
        Assert.Equal(["approved", "declined"], await app.QueryAsync(db => db.Set<Orderly.Orders.RefundRequest>().Select(r => r.Status).OrderBy(s => s).ToListAsync()));
        // No open request: no count next to the link (it once printed "0" and the markup around it).
        await Assertions.Expect(manager.GetByRole(AriaRole.Navigation, new() { Name = "Admin sections" }).GetByRole(AriaRole.Link, new() { Name = "Refund requests" }))
            .ToHaveTextAsync("Refund requests");
        await Assertions.Expect(manager.Locator(".admin-nav .nav-count")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(manager, "staff-queue-decided");

        // The same closed request cannot be decided twice, and the decision is audited as on the order page.
        var declined = await app.QueryAsync(db => db.Set<Orderly.Orders.RefundRequest>().SingleAsync(r => r.Id == declinedRequest));
        Assert.Equal(("declined", "manager@shop.test", "The key was activated on your account."), (declined.Status, declined.DecidedBy, declined.DecisionMessage));
        Assert.True(await app.QueryAsync(db => db.Set<Orderly.Audit.AuditEntry>().AnyAsync(e => e.OrderId == declinedOrder && e.Type == "RefundRequestDeclined" && e.Actor == "manager@shop.test")));
        Assert.True(await app.QueryAsync(db => db.Set<Orderly.Audit.AuditEntry>().AnyAsync(e => e.OrderId == approvedOrder && e.Type == "RefundRequestApproved")));
        await manager.GotoAsync("/admin/refund-requests?status=declined");
        await Assertions.Expect(manager.GetByRole(AriaRole.Row).Filter(new() { HasText = declinedBy })).ToContainTextAsync("The key was activated on your account.");
        await Assertions.Expect(manager.GetByRole(AriaRole.Button, new() { Name = "Decline" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_admin_menu_shows_each_role_only_the_sections_it_may_open()
    {
        await using var app = new OrderlyApp(TestMode);
        var baseUrl = app.StartWebServer();
        string[] managerOnly = ["Reports", "Coupons"];
        string[] adminOnly = ["Dead letters", "Merchants", "Users and roles", "Audit log"];
        foreach (var (role, shown, hidden) in new[]
        {
            ("support", Array.Empty<string>(), managerOnly.Concat(adminOnly).ToArray()),
            ("manager", managerOnly, adminOnly),
            ("admin", managerOnly.Concat(adminOnly).ToArray(), Array.Empty<string>()),
        })
        {
            await app.AddStaffUserAsync($"{role}@shop.test", Password, role);
            var page = await browser.NewPageAsync(baseUrl);
            await SignInAsync(page, $"{role}@shop.test", "/admin/orders");
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Admin sections" });
            foreach (var always in new[] { "Dashboard", "Orders", "Refund requests", "Fraud review" })
            {
                await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = always })).ToBeVisibleAsync();
            }
            foreach (var link in shown)
            {
                await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
            }
            foreach (var link in hidden)
            {
                await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToHaveCountAsync(0);
            }
            if (role == "support")
            {
                // The pages still enforce their policy: a typed-in address is denied.
                await page.GotoAsync("/admin/reports");
                await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/denied"));
                await page.GotoAsync("/admin/orders");
            }
            await BrowserFixture.ScreenshotAsync(page, $"staff-nav-{role}");
        }
    }

    [Fact]
    public async Task A_role_change_counts_on_the_staff_members_next_request()
    {
        await using var app = new OrderlyApp();
        var baseUrl = app.StartWebServer();
        var adminId = await app.AddStaffUserAsync("admin@shop.test", Password, "admin");
        var changedId = await app.AddStaffUserAsync("second@shop.test", Password, "admin");
        var page = await browser.NewPageAsync(baseUrl);
        await SignInAsync(page, "second@shop.test", "/admin/audit");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Audit log");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var changed = await scope.ServiceProvider.GetRequiredService<ChangeStaffRole.Handler>().HandleAsync(changedId, "support", adminId, "admin@shop.test", TestContext.Current.CancellationToken);
            Assert.IsType<StaffChange.Done>(changed);
        }
        await page.GotoAsync("/admin/audit");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        // Signed in again, they hold the new role only.
        await BrowserFixture.SubmitSignInAsync(page, "second@shop.test", Password);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/denied"));
        await page.GotoAsync("/admin/orders");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Orders");
    }

    private static async Task SignInAsync(IPage page, string email, string then)
    {
        await page.GotoAsync(then);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await BrowserFixture.SubmitSignInAsync(page, email, Password);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(then) + "$"));
    }

    private static async Task RegisterConfirmedAsync(OrderlyApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        Assert.IsType<RegisterBuyer.Outcome.CheckInbox>(await scope.ServiceProvider.GetRequiredService<RegisterBuyer.Handler>().HandleAsync(email, Password, "Ada Buyer", TestContext.Current.CancellationToken));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("not registered");
        user.EmailConfirmed = true;
        await users.UpdateAsync(user);
    }

    /// <summary>A code product and a test-mode order of it (paid at once), completed.</summary>
    private static async Task<Guid> PaidOrderAsync(OrderlyApp app, string email, string sku = Sku)
    {
        (await app.CreateProductAsync(sku)).EnsureSuccessStatusCode();
        await app.ImportKeysAsync(sku, [$"STF-{Guid.NewGuid():N}"]);
        var response = await app.CreateClient().PostAsJsonAsync("/api/checkout",
            new { email, items = new[] { new { sku, quantity = 1 } }, paymentMethod = "test" }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        var orderId = JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetGuid();
        await app.WaitUntilAsync(db => db.Set<Orderly.Orders.Order>().AnyAsync(o => o.Id == orderId && o.Status == OrderStatus.Completed), "the order is completed");
        return orderId;
    }
}
