using System.Net;
using Microsoft.Playwright;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Web;

/// <summary>The web frame in a real browser: pages, the security headers, staff sign-in and sign-out.</summary>
public sealed class SignInJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Staff_member_signs_in_sees_the_admin_link_and_signs_out()
    {
        await using var app = new OrderlyApp();
        var baseUrl = app.StartWebServer();
        await app.AddStaffUserAsync("manager@shop.test", "a long passphrase", "manager");
        var page = await browser.NewPageAsync(baseUrl);

        await page.GotoAsync("/account/login");
        await BrowserFixture.SubmitSignInAsync(page, "manager@shop.test", "wrong password here");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("E-mail or password is wrong.");

        await page.GetByLabel("Password").FillAsync("a long passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "staff-sign-in");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Pages_carry_a_strict_content_security_policy_and_forms_need_the_antiforgery_token()
    {
        await using var app = new OrderlyApp();
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var home = await client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var csp = Assert.Single(home.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(home.Headers.GetValues("X-Content-Type-Options")));

        // A sign-in post without the antiforgery token is refused before the password is even checked.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = "someone@shop.test",
            ["Input.Password"] = "whatever-it-is",
        });
        var post = await client.PostAsync("/account/login", form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
    }
}
