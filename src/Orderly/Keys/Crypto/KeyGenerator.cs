using System.Security.Cryptography;
using Orderly.Keys.Contracts;

namespace Orderly.Keys.Crypto;

/// <summary>
/// Mints codes from a pattern with a CSPRNG. In a pattern, <c>X</c> is a letter or digit (without
/// the look-alikes I, O, 0, 1), <c>A</c> a letter, <c>9</c> a digit; every other character is copied.
/// Example: <c>XXXXX-XXXXX-XXXXX</c> → <c>7KQ2M-ZP4HD-9WXRT</c> (about 77 bits).
/// </summary>
public static class KeyGenerator
{
    internal const string Alphanumeric = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    internal const string Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    internal const string Digits = "0123456789";

    public static string Mint(string pattern)
    {
        var result = new char[pattern.Length];
        for (var i = 0; i < pattern.Length; i++)
        {
            result[i] = pattern[i] switch
            {
                'X' => Pick(Alphanumeric),
                'A' => Pick(Letters),
                '9' => Pick(Digits),
                var literal => literal,
            };
        }
        return new string(result);
    }

    /// <summary>Bits of randomness in one code of this pattern.</summary>
    public static double EntropyBits(string pattern) => pattern.Sum(c => c switch
    {
        'X' => Math.Log2(Alphanumeric.Length),
        'A' => Math.Log2(Letters.Length),
        '9' => Math.Log2(Digits.Length),
        _ => 0,
    });

    private static char Pick(string alphabet) => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
}
