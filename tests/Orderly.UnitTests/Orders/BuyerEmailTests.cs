using System.Text;
using Orderly.Orders;

namespace Orderly.UnitTests.Orders;

/// <summary>The upper bound of the staff's e-mail prefix range (SQLite reads it from the key's index).</summary>
public sealed class BuyerEmailTests
{
    [Theory]
    [InlineData("al", "am")]
    [InlineData("a", "b")]
    [InlineData("al_", "al`")]
    [InlineData("z", "{")]
    public void The_successor_is_the_prefix_with_its_last_character_incremented(string prefix, string successor) =>
        Assert.Equal(successor, BuyerEmail.Successor(prefix));

    [Theory]
    [InlineData(0xE9, 0xEA)]
    [InlineData(0xD7FF, 0xE000)] // the surrogate range holds no characters
    [InlineData(0xFFFF, 0x10000)]
    [InlineData(0x1F600, 0x1F601)]
    public void Beyond_ascii_the_next_code_point_follows(int last, int next) =>
        Assert.Equal("x" + char.ConvertFromUtf32(next), BuyerEmail.Successor("x" + char.ConvertFromUtf32(last)));

    [Fact]
    public void Every_string_that_starts_with_the_prefix_lies_in_the_range_in_utf8_order()
    {
        foreach (var prefix in new[] { "al", "a" + char.ConvertFromUtf32(0xFFFF), "b" + char.ConvertFromUtf32(0x1F600) })
        {
            var upper = BuyerEmail.Successor(prefix)!;
            foreach (var s in new[] { prefix, prefix + "\0", prefix + "zzz", prefix + char.ConvertFromUtf32(0x10FFFF) })
            {
                Assert.True(Utf8Compare(s, prefix) >= 0 && Utf8Compare(s, upper) < 0, s);
            }
            Assert.False(upper.StartsWith(prefix, StringComparison.Ordinal));
        }
        Assert.Null(BuyerEmail.Successor(""));
        Assert.Null(BuyerEmail.Successor("x" + char.ConvertFromUtf32(0x10FFFF)));
    }

    /// <summary>SQLite's BINARY collation: the UTF-8 bytes.</summary>
    private static int Utf8Compare(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}
