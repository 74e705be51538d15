namespace Orderly.StoreCredit;

/// <summary>
/// A buyer's wallet in one currency. Holds no balance (the postings do); <see cref="Version"/> is
/// bumped by every write, which is the lock two checkouts of the same buyer queue on.
/// </summary>
internal sealed class CreditAccount
{
    public Guid Id { get; set; }

    /// <summary>The buyer's e-mail address, lower case: the identity checkout knows before any account exists.</summary>
    public required string Email { get; set; }
    public required string Currency { get; set; }
    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>One balanced entry (top-up, order debit, refund credit): its postings sum to zero.</summary>
internal sealed class CreditEntry
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public CreditEntryKind Kind { get; set; }

    /// <summary>The order a debit paid or a refund credits back; null for top-ups.</summary>
    public Guid? OrderId { get; set; }

    /// <summary>Makes an entry happen once (a refund's id); unique when set.</summary>
    public string? IdempotencyKey { get; set; }
    public string? Reason { get; set; }
    public DateTime At { get; set; }
}

/// <summary>One side of an entry in minor units of the account's currency. Positive = credit to the side.</summary>
internal sealed class CreditPosting
{
    public Guid Id { get; set; }
    public Guid EntryId { get; set; }
    public Guid AccountId { get; set; }
    public CreditSide Side { get; set; }
    public long AmountMinor { get; set; }
}

internal enum CreditEntryKind
{
    TopUp = 0,
    Debit = 1,
    Refund = 2,
}

/// <summary>
/// <see cref="Wallet"/> is what the shop owes the buyer; the others are the shop's counter-accounts:
/// credit granted (top-ups), sales paid with credit, and refunds given back as credit.
/// </summary>
internal enum CreditSide
{
    Wallet = 0,
    Granted = 1,
    Sales = 2,
    Refunds = 3,
}
