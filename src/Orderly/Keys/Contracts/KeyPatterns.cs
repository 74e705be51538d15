using Orderly.Keys.Crypto;

namespace Orderly.Keys.Contracts;

/// <summary>Rules for generator patterns (see <see cref="KeyGenerator"/>).</summary>
public static class KeyPatterns
{
    /// <summary>Below this a code could be guessed; 40 bits ≈ 8 alphanumeric placeholders.</summary>
    public const double MinimumEntropyBits = 40;

    /// <summary>Mints one code from a valid pattern (CSPRNG).</summary>
    public static string Mint(string pattern) => KeyGenerator.Mint(pattern);

    public static bool TryValidate(string? pattern, out string error)
    {
        if (string.IsNullOrWhiteSpace(pattern) || pattern.Length > 64)
        {
            error = "is required with keySource 'generator': at most 64 characters, e.g. XXXXX-XXXXX-XXXXX.";
            return false;
        }
        if (pattern.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            error = "must not contain spaces or control characters.";
            return false;
        }
        if (KeyGenerator.EntropyBits(pattern) < MinimumEntropyBits)
        {
            error = $"has too little randomness ({KeyGenerator.EntropyBits(pattern):F0} bits; at least {MinimumEntropyBits:F0}): use more X, A or 9 placeholders.";
            return false;
        }
        error = "";
        return true;
    }
}
