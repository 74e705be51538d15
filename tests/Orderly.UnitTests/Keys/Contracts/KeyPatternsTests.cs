using Orderly.Keys.Contracts;

namespace Orderly.UnitTests.Keys.Contracts;

public sealed class KeyPatternsTests
{
    [Theory]
    [InlineData("XXXXX-XXXXX-XXXXX")]
    [InlineData("XXXXXXXX")]
    [InlineData("GAME-AAAA-9999-XXXX")]
    public void Patterns_with_enough_randomness_are_accepted(string pattern)
    {
        Assert.True(KeyPatterns.TryValidate(pattern, out var error));
        Assert.Equal("", error);
    }

    [Fact]
    public void A_pattern_of_exactly_sixty_four_characters_is_accepted()
    {
        Assert.True(KeyPatterns.TryValidate(new string('X', 64), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_pattern_is_rejected_as_required(string? pattern)
    {
        Assert.False(KeyPatterns.TryValidate(pattern, out var error));
        Assert.Contains("is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_longer_than_sixty_four_characters_is_rejected()
    {
        Assert.False(KeyPatterns.TryValidate(new string('X', 65), out var error));
        Assert.Contains("at most 64 characters", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("XXXXX XXXXX")]
    [InlineData("XXXXX\tXXXXX")]
    [InlineData("XXXXX\nXXXXX")]
    [InlineData("XXXXX\u0000XXXXX")]
    public void Patterns_with_whitespace_or_control_characters_are_rejected(string pattern)
    {
        Assert.False(KeyPatterns.TryValidate(pattern, out var error));
        Assert.Contains("spaces or control characters", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("XXXXXXX")]
    [InlineData("ORDER-99999")]
    [InlineData("LICENSE-KEY")]
    public void Patterns_with_less_than_forty_bits_are_rejected(string pattern)
    {
        Assert.False(KeyPatterns.TryValidate(pattern, out var error));
        Assert.Contains("too little randomness", error, StringComparison.Ordinal);
    }
}
