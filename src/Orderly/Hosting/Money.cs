namespace Orderly.Hosting;

/// <summary>
/// An amount in the currency's minor unit (cents for EUR/USD) and its ISO 4217 code. Never a
/// floating-point number: sums of prices must reconcile to the cent.
/// </summary>
public readonly record struct Money(long Amount, string Currency)
{
    public Money Times(int quantity) => this with { Amount = checked(Amount * quantity) };

    public static bool IsCurrencyCode(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);

    public override string ToString() => $"{Amount / 100m:0.00} {Currency}";
}
