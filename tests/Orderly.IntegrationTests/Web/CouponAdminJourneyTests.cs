using Microsoft.Playwright;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Web;

/// <summary>Coupons at Admin → Coupons in a real browser: create (with a mistake first), edit, deactivate.</summary>
public sealed class CouponAdminJourneyTests(BrowserFixture browser)
{
    private const string Password = "a long passphrase";

    [Fact]
    public async Task A_manager_creates_edits_and_deactivates_a_coupon()
    {
        await using var app = new OrderlyApp();
        var baseUrl = app.StartWebServer();
        await app.AddStaffUserAsync("manager@shop.test", Password, "manager");
        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync("/admin/coupons");
        await BrowserFixture.SubmitSignInAsync(page, "manager@shop.test", Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Coupons", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("No coupons yet.")).ToBeVisibleAsync();

        await page.GetByLabel("Code", new() { Exact = true }).FillAsync("spring");
        await page.GetByLabel("Percent (1–100, for a percentage)").FillAsync("150");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create coupon" }).ClickAsync();
        await Assertions.Expect(page.Locator("#cp-percent-error")).ToContainTextAsync("must be 1–100");

        await page.GetByLabel("Percent (1–100, for a percentage)").FillAsync("15");
        await page.GetByLabel("Maximum uses (optional)").FillAsync("2");
        await page.GetByLabel("Expires (optional, UTC, e.g. 2026-12-31 23:59)").FillAsync("2099-12-31 23:59");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create coupon" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.alert.ok")).ToHaveTextAsync("Coupon created.");
        var row = page.Locator("table.coupons tbody tr", new() { HasText = "SPRING" });
        await Assertions.Expect(row).ToContainTextAsync("15 %");
        await Assertions.Expect(row.Locator("[data-uses]")).ToHaveTextAsync("0 / 2");
        await Assertions.Expect(row).ToContainTextAsync("2099-12-31 23:59");

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit SPRING" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Code", new() { Exact = true })).ToHaveValueAsync("SPRING");
        await page.GetByLabel("Percent (1–100, for a percentage)").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save coupon" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.alert.ok")).ToHaveTextAsync("Coupon saved.");
        await Assertions.Expect(row).ToContainTextAsync("20 %");

        await page.GetByLabel("Code", new() { Exact = true }).FillAsync("Spring");
        await page.GetByLabel("Percent (1–100, for a percentage)").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create coupon" }).ClickAsync();
        await Assertions.Expect(page.Locator("#cp-code-error")).ToHaveTextAsync("The code SPRING is taken by another coupon.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate SPRING" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.alert.ok")).ToHaveTextAsync("Coupon deactivated.");
        await Assertions.Expect(row).ToContainTextAsync("Inactive");
        await BrowserFixture.ScreenshotAsync(page, "admin-coupons");
    }
}
