using Microsoft.Extensions.Options;

namespace Orderly.Hosting;

/// <summary>
/// Shows what a new operator needs on first start: where the store runs and the generated admin
/// key. The key goes to the terminal only (stdout), never into the log pipeline, and only once.
/// </summary>
internal sealed class FirstRunBanner(AdminApiKey adminKey, IOptions<OrderlyOptions> options, IHostEnvironment environment) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (adminKey.GeneratedOnThisStart is { } key && !string.Equals(environment.EnvironmentName, "Testing", StringComparison.Ordinal))
        {
            var dataDir = options.Value.ResolveDataDir();
            Console.Out.WriteLine($"""

                ┌──────────────────────────────────────────────────────────────────────────┐
                  Orderly first start. Admin API key (shown once, kept in {Path.Combine(dataDir, "admin-api-key")}):

                    {key}

                  Use it as:  Authorization: Bearer <admin key>

                  The store:  {options.Value.PublicBaseUrl.TrimEnd('/')}/
                  Staff sign-in for the admin pages ({options.Value.PublicBaseUrl.TrimEnd('/')}/admin):
                    dotnet run --project src/Orderly -- users add you@example.com --role admin
                └──────────────────────────────────────────────────────────────────────────┘

                """);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
