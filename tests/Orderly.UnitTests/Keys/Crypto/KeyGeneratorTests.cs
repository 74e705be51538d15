using System.Text.RegularExpressions;
using Orderly.Keys.Crypto;

namespace Orderly.UnitTests.Keys.Crypto;

public sealed class KeyGeneratorTests
{
    // X: letters and digits without the look-alikes I, O, 0, 1; A: letters without I, O; 9: any digit.
    private const string X = "[A-HJ-NP-Z2-9]";
    private const string A = "[A-HJ-NP-Z]";
    private const string Nine = "[0-9]";

    [Fact]
    public void Minted_codes_follow_the_pattern_and_copy_literals()
    {
        var shape = new Regex($"^KEY-{X}{{4}}/{A}{{3}}_{Nine}{{4}}\\.x#$", RegexOptions.CultureInvariant);

        for (var i = 0; i < 500; i++)
        {
            var code = KeyGenerator.Mint("KEY-XXXX/AAA_9999.x#");
            Assert.Matches(shape, code);
        }
    }

    [Fact]
    public void Alphanumeric_placeholders_never_produce_look_alike_characters()
    {
        var seen = new HashSet<char>();
        for (var i = 0; i < 2_000; i++)
        {
            seen.UnionWith(KeyGenerator.Mint("XXXXXXXXXXXXXXX"));
        }

        Assert.DoesNotContain('I', seen);
        Assert.DoesNotContain('O', seen);
        Assert.DoesNotContain('0', seen);
        Assert.DoesNotContain('1', seen);
        // 30,000 draws from 32 symbols: every symbol of the alphabet shows up.
        Assert.Equal(KeyGenerator.Alphanumeric.Order(), seen.Order());
    }

    [Fact]
    public void Ten_thousand_codes_of_fifteen_placeholders_are_all_distinct()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(codes.Add(KeyGenerator.Mint("XXXXX-XXXXX-XXXXX")), $"duplicate code after {i} mints");
        }
    }

    [Fact]
    public void A_pattern_without_placeholders_is_copied_verbatim()
    {
        Assert.Equal("abc-xyz", KeyGenerator.Mint("abc-xyz"));
    }

    [Theory]
    [InlineData("XXXXX-XXXXX-XXXXX", 75.0)]
    [InlineData("X", 5.0)]
    [InlineData("---", 0.0)]
    [InlineData("", 0.0)]
    public void Entropy_counts_five_bits_per_alphanumeric_placeholder_and_none_per_literal(string pattern, double bits)
    {
        Assert.Equal(bits, KeyGenerator.EntropyBits(pattern), precision: 9);
    }

    [Fact]
    public void Entropy_of_letters_and_digits_is_log2_of_their_alphabets()
    {
        Assert.Equal(Math.Log2(24), KeyGenerator.EntropyBits("A"), precision: 9);
        Assert.Equal(Math.Log2(10), KeyGenerator.EntropyBits("9"), precision: 9);
        Assert.Equal(2 * Math.Log2(24) + 3 * Math.Log2(10) + 5, KeyGenerator.EntropyBits("AA-999-X"), precision: 9);
    }
}
