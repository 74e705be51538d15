using System.Net;
using Microsoft.AspNetCore.Http;
using Orderly.Hosting;

namespace Orderly.UnitTests.Hosting;

public sealed class RateLimitsTests
{
    [Theory]
    [InlineData(60, "00:01:00", 20, true)]
    [InlineData(1, "1.00:00:00", 1, true)]
    [InlineData(0, "00:01:00", 20, false)]
    [InlineData(60, "00:01:00", 0, false)]
    [InlineData(60, "00:00:00", 20, false)]
    [InlineData(1000, "00:00:00.5", 10, false)] // a permit every 0.5 ms: finer than the buckets can count
    public void Policy_options_need_positive_numbers_and_a_refill_of_at_least_a_millisecond(int limit, string period, int burst, bool valid)
    {
        var options = new RateLimitPolicyOptions { Limit = limit, Period = TimeSpan.Parse(period, System.Globalization.CultureInfo.InvariantCulture), Burst = burst };

        Assert.Equal(valid, options.IsValid);
    }

    [Fact]
    public void The_default_policy_refills_one_permit_a_second()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), new RateLimitPolicyOptions().Interval);
    }

    [Fact]
    public void An_admitted_request_gets_the_rate_limit_headers_with_seconds_rounded_up_and_no_retry_after()
    {
        IHeaderDictionary headers = new HeaderDictionary();

        new RateLimitDecision(true, 20, 7, TimeSpan.FromSeconds(12.2), TimeSpan.Zero).WriteHeaders(headers);

        Assert.Equal(("20", "7", "13", ""), (headers["RateLimit-Limit"].ToString(), headers["RateLimit-Remaining"].ToString(), headers["RateLimit-Reset"].ToString(), headers.RetryAfter.ToString()));
    }

    [Fact]
    public void A_refused_request_gets_retry_after_of_at_least_one_second()
    {
        IHeaderDictionary soon = new HeaderDictionary();
        IHeaderDictionary later = new HeaderDictionary();

        new RateLimitDecision(false, 20, 0, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(3)).WriteHeaders(soon);
        new RateLimitDecision(false, 20, 0, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(59.01)).WriteHeaders(later);

        Assert.Equal(("1", "0"), (soon.RetryAfter.ToString(), soon["RateLimit-Remaining"].ToString()));
        Assert.Equal("60", later.RetryAfter.ToString());
    }

    [Fact]
    public void A_full_bucket_resets_in_zero_seconds()
    {
        Assert.Equal(0, RateLimitDecision.Seconds(TimeSpan.Zero));
        Assert.Equal(0, RateLimitDecision.Seconds(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Partition_keys_are_hashed_so_secrets_never_become_key_names()
    {
        var hashed = RateLimits.HashKey("ak_live_secret_api_key");

        Assert.Equal(32, hashed.Length);
        Assert.DoesNotContain("secret", hashed, StringComparison.Ordinal);
        Assert.Equal(hashed, RateLimits.HashKey("ak_live_secret_api_key"));
        Assert.NotEqual(hashed, RateLimits.HashKey("ak_live_secret_api_kez"));
    }

    [Theory]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData(null, "unknown")]
    public void The_client_address_of_an_ipv4_client_is_the_same_on_a_dual_stack_socket(string? remote, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);

        Assert.Equal(expected, RateLimits.ClientIp(context));
    }

    [Fact]
    public void Trusted_proxies_are_addresses_or_cidr_ranges()
    {
        var options = new OrderlyOptions { TrustedProxies = "10.0.0.0/8, 192.0.2.7 ,2001:db8::/32" };

        Assert.True(options.TryParseTrustedProxies(out var networks));
        Assert.Equal(["10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32"], networks.Select(n => n.ToString()));
        Assert.False(new OrderlyOptions { TrustedProxies = "proxy.internal" }.TryParseTrustedProxies(out _));
        Assert.True(new OrderlyOptions().TryParseTrustedProxies(out var none));
        Assert.Empty(none);
    }
}
