using System.Net;
using Orderly.Reseller.Webhooks;

namespace Orderly.UnitTests.Reseller.Webhooks;

public sealed class SsrfGuardTests
{
    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    public void Private_loopback_link_local_cgnat_multicast_and_unique_local_addresses_are_refused(string address) =>
        Assert.False(SsrfGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_unicast_addresses_are_allowed(string address) =>
        Assert.True(SsrfGuard.IsPublic(IPAddress.Parse(address)));

    private static Task<IPAddress[]> Resolve(params string[] addresses) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());

    [Fact]
    public async Task A_name_that_resolves_to_any_private_address_is_refused_in_production()
    {
        var production = new WebhookTargetPolicy(RequireHttps: true, AllowPrivateTargets: false);
        var ct = TestContext.Current.CancellationToken;
        Assert.NotNull(await SsrfGuard.RefusalAsync(new Uri("https://hooks.example.com/x"), production, (_, _) => Resolve("93.184.216.34", "10.0.0.5"), ct));
        Assert.Null(await SsrfGuard.RefusalAsync(new Uri("https://hooks.example.com/x"), production, (_, _) => Resolve("93.184.216.34"), ct));
        Assert.NotNull(await SsrfGuard.RefusalAsync(new Uri("http://hooks.example.com/x"), production, (_, _) => Resolve("93.184.216.34"), ct));
        Assert.NotNull(await SsrfGuard.RefusalAsync(new Uri("https://[::1]/x"), production, (_, _) => Resolve(), ct));
        Assert.NotNull(await SsrfGuard.RefusalAsync(new Uri("https://user:pw@hooks.example.com/x"), production, (_, _) => Resolve("93.184.216.34"), ct));
    }

    [Fact]
    public async Task Development_may_allow_loopback_and_plain_http()
    {
        var development = new WebhookTargetPolicy(RequireHttps: false, AllowPrivateTargets: true);
        Assert.Null(await SsrfGuard.RefusalAsync(new Uri("http://127.0.0.1:5000/hook"), development, (_, _) => Resolve(), TestContext.Current.CancellationToken));
    }
}
