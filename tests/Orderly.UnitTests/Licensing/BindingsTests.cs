using Orderly.Licensing;

namespace Orderly.UnitTests.Licensing;

public sealed class BindingsTests
{
    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("Example.COM", "example.com")]
    [InlineData("www.example.com", "example.com")]
    [InlineData("https://www.example.com/shop/?p=1#top", "example.com")]
    [InlineData("http://example.com:8080", "example.com")]
    [InlineData("example.com.", "example.com")]
    [InlineData("  EXAMPLE.com.  ", "example.com")]
    [InlineData("https://user:secret@shop.example.com", "shop.example.com")]
    [InlineData("shop.example.co.uk", "shop.example.co.uk")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("https://WWW.BÜCHER.example/", "xn--bcher-kva.example")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("www2.example.com", "www2.example.com")]
    public void A_domain_written_any_way_normalizes_to_one_name(string input, string expected) =>
        Assert.Equal(expected, Bindings.NormalizeDomain(input));

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("http://[::1]:8080/")]
    [InlineData("exa mple.com")]
    [InlineData("under_score.example")]
    [InlineData("-leading.example")]
    [InlineData("example..com")]
    [InlineData("example.com:port")]
    [InlineData("example.123")]
    public void Something_that_is_not_a_domain_name_is_refused(string input) =>
        Assert.Null(Bindings.NormalizeDomain(input));

    [Fact]
    public void A_label_longer_than_63_characters_is_refused() =>
        Assert.Null(Bindings.NormalizeDomain($"{new string('a', 64)}.example"));

    [Fact]
    public void A_request_names_exactly_one_of_domain_and_fingerprint()
    {
        Assert.False(Bindings.TryParse("example.com", "machine-0001", out _, out _, out _));
        Assert.False(Bindings.TryParse(null, " ", out _, out _, out _));
        Assert.True(Bindings.TryParse(null, "Machine-0001-ABCD", out var kind, out var value, out _));
        Assert.Equal((BindingKind.Fingerprint, "machine-0001-abcd"), (kind, value));
        Assert.False(Bindings.TryParse(null, "short", out _, out _, out _));
    }
}
