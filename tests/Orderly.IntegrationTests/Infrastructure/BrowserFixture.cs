using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Orderly.IntegrationTests.Infrastructure.BrowserFixture))]

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>
/// One headless chromium for the whole test run — Debian's (<c>ORDERLY_TEST_CHROMIUM</c>, which
/// test.sh installs), driven by Playwright's bundled driver; nothing is downloaded. Each journey
/// opens its own browser context (own cookies) with <see cref="NewPageAsync"/>. Started on first
/// use, so suites without a browser pay nothing.
/// </summary>
public sealed class BrowserFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _start = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>A fresh context (cookies, storage) on <paramref name="baseUrl"/>, and a page in it.</summary>
    public async Task<IPage> NewPageAsync(string baseUrl)
    {
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "en-US" });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = baseUrl });
        // Generous: the journeys share two cores with the rest of the suite, and a page may wait for a busy writer.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Fills and submits the sign-in form on the page (<c>/account/login</c>); the caller asserts what follows.</summary>
    public static async Task SubmitSignInAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Saves a full-page screenshot as <c>ORDERLY_TEST_SCREENSHOTS/NAME-PROVIDER.png</c> (test output).</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var directory = Environment.GetEnvironmentVariable("ORDERLY_TEST_SCREENSHOTS") is { Length: > 0 } configured
            ? configured : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var provider = Environment.GetEnvironmentVariable(OrderlyApp.ProviderVariable) ?? "sqlite";
        var path = Path.Combine(directory, $"{name}-{provider}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private async Task<IBrowser> BrowserAsync()
    {
        await _start.WaitAsync();
        try
        {
            if (_browser is not null)
            {
                return _browser;
            }
            var executable = Environment.GetEnvironmentVariable("ORDERLY_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
            if (!File.Exists(executable))
            {
                throw new InvalidOperationException($"No chromium at {executable}. Run the tests with ./test.sh, which installs it.");
            }
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"],
            });
            return _browser;
        }
        finally
        {
            _start.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        _start.Dispose();
    }
}
