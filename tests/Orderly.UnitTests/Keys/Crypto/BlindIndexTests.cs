using System.Security.Cryptography;
using Orderly.Keys.Crypto;

namespace Orderly.UnitTests.Keys.Crypto;

public sealed class BlindIndexTests
{
    private readonly byte[] _indexKey = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void The_same_code_under_the_same_key_gives_the_same_index()
    {
        Assert.Equal(BlindIndex.Compute(_indexKey, "ABCD-1234"), BlindIndex.Compute(_indexKey, "ABCD-1234"));
    }

    [Theory]
    [InlineData("abcd-1234")]
    [InlineData("ABCD-1234 ")]
    [InlineData("  AbCd-1234\t")]
    [InlineData("\nabcd-1234\r\n")]
    public void Codes_differing_only_in_case_or_surrounding_blanks_share_an_index(string variant)
    {
        Assert.Equal(BlindIndex.Compute(_indexKey, "ABCD-1234"), BlindIndex.Compute(_indexKey, variant));
    }

    [Fact]
    public void Different_codes_give_different_indexes()
    {
        Assert.NotEqual(BlindIndex.Compute(_indexKey, "ABCD-1234"), BlindIndex.Compute(_indexKey, "ABCD-1235"));
    }

    [Fact]
    public void Inner_blanks_are_part_of_the_code()
    {
        Assert.NotEqual(BlindIndex.Compute(_indexKey, "ABCD-1234"), BlindIndex.Compute(_indexKey, "ABCD -1234"));
    }

    [Fact]
    public void Different_keys_give_different_indexes_for_the_same_code()
    {
        var otherKey = RandomNumberGenerator.GetBytes(32);

        Assert.NotEqual(BlindIndex.Compute(_indexKey, "ABCD-1234"), BlindIndex.Compute(otherKey, "ABCD-1234"));
    }

    [Fact]
    public void The_index_is_hmac_sha256_of_the_normalized_code()
    {
        var expected = HMACSHA256.HashData(_indexKey, "ABCD-1234"u8.ToArray());

        Assert.Equal(expected, BlindIndex.Compute(_indexKey, " abcd-1234 "));
    }
}
