namespace Orderly.Accounts;

internal sealed class Customer
{
    public Guid Id { get; set; }
    /// <summary>Lower-cased; unique. The address the buyer typed is kept on the order.</summary>
    public required string Email { get; set; }
    public DateTime CreatedAt { get; set; }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
