using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orderly.IntegrationTests.Infrastructure;

namespace Orderly.IntegrationTests.Hosting;

/// <summary>A new database: migrations run before anything reads it, data protection's key ring included.</summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task The_first_start_migrates_before_data_protection_reads_its_keys()
    {
        var errors = new ErrorLog();
        await using var app = new OrderlyApp(services: s => s.AddSingleton<ILoggerProvider>(errors));
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("first-start");
        Assert.Equal("hello", protector.Unprotect(protector.Protect("hello")));
        Assert.DoesNotContain("data_protection_keys", errors.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
