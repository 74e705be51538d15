namespace Orderly.Accounts;

/// <summary>An address in a buyer's address book (table accounts_addresses); one may be the default for shipping.</summary>
internal sealed class BuyerAddress
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string Name { get; set; }
    public required string Line1 { get; set; }
    public string? Line2 { get; set; }
    public required string City { get; set; }
    public required string PostalCode { get; set; }
    /// <summary>ISO 3166 alpha-2, upper case.</summary>
    public required string Country { get; set; }
    public string? Phone { get; set; }
    public bool IsDefault { get; set; }
    public DateTime CreatedAt { get; set; }
}
