namespace Orderly.Reseller;

/// <summary>A merchant (reseller) account: owns API keys, one EUR wallet and webhook subscriptions.</summary>
internal sealed class Merchant
{
    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Comma-separated IP addresses or CIDR ranges the API accepts for this merchant; null: any.</summary>
    public string? AllowedIps { get; set; }

    /// <summary>Bumped by every wallet write: the guarded UPDATE that locks the merchant's wallet (see <see cref="Wallet"/>).</summary>
    public long WalletVersion { get; set; }

    /// <summary>
    /// The wholesale discount off the catalog price, in percent (0–100; 0 = the catalog price): an
    /// order's unit price in EUR may not be below catalog × (1 − discount). See <see cref="PriceFloor"/>.
    /// </summary>
    public decimal WholesaleDiscountPercent { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>An API key. The secret is shown once; only its SHA-256 is kept, plus a visible prefix to tell keys apart.</summary>
internal sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid MerchantId { get; set; }
    public required string Prefix { get; set; }
    public required byte[] SecretHash { get; set; }

    /// <summary>A test key's orders run the whole path without touching the wallet (D7).</summary>
    public bool TestMode { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>One balanced wallet transaction (top-up, debit, refund, adjustment): its postings sum to zero.</summary>
internal sealed class LedgerTransaction
{
    public Guid Id { get; set; }
    public Guid MerchantId { get; set; }
    public LedgerEntryKind Kind { get; set; }

    /// <summary>What caused it: the reseller order id for debits and refunds; null for admin entries.</summary>
    public Guid? ReferenceId { get; set; }
    public string? Memo { get; set; }
    public DateTime At { get; set; }
}

/// <summary>One side of a ledger transaction, in EUR cents. Positive = credit to the account.</summary>
internal sealed class LedgerPosting
{
    public Guid Id { get; set; }
    public Guid TransactionId { get; set; }
    public Guid MerchantId { get; set; }
    public LedgerAccount Account { get; set; }
    public long AmountMinor { get; set; }
}

internal enum LedgerEntryKind
{
    TopUp = 0,
    Debit = 1,
    Refund = 2,
    Adjustment = 3,
}

/// <summary>
/// The accounts of the double-entry ledger. <see cref="Wallet"/> is the merchant's prepaid balance
/// (the shop's liability to the merchant); the others are the shop's counter-accounts.
/// </summary>
internal enum LedgerAccount
{
    Wallet = 0,
    Funding = 1,
    Sales = 2,
    Adjustments = 3,
}

/// <summary>A recorded exchange rate: how many EUR one unit of <see cref="Currency"/> is worth, as of <see cref="AsOf"/>.</summary>
internal sealed class FxRate
{
    public Guid Id { get; set; }
    public required string Currency { get; set; }

    /// <summary>EUR per unit, as a decimal string's value (e.g. 0.92 for USD).</summary>
    public decimal EurPerUnit { get; set; }
    public required string Source { get; set; }
    public DateTime AsOf { get; set; }
    public DateTime RecordedAt { get; set; }
}

/// <summary>An order placed through the reseller API, with the answer it got (replayed for a repeated external id).</summary>
internal sealed class ResellerOrder
{
    public Guid Id { get; set; }
    public Guid RequestId { get; set; }
    public Guid MerchantId { get; set; }
    public Guid ApiKeyId { get; set; }
    public string? ExternalId { get; set; }

    /// <summary>SHA-256 of the canonical request (without the key): a repeated external id with another payload is a conflict.</summary>
    public required string PayloadHash { get; set; }
    public Guid OrderId { get; set; }
    public required string Sku { get; set; }
    public int Quantity { get; set; }
    public required string ClientEmail { get; set; }
    public bool TestMode { get; set; }
    public long DebitedMinor { get; set; }

    /// <summary>The FX snapshot: input unit price (minor units of the input currency), currency, EUR per unit, rate source and time.</summary>
    public long UnitAmountMinor { get; set; }
    public required string Currency { get; set; }
    public decimal EurPerUnit { get; set; }
    public required string FxSource { get; set; }
    public DateTime FxAsOf { get; set; }
    public long BalanceAfterMinor { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime? RefundedAt { get; set; }
}

/// <summary>One API request, for the merchant dashboard: id, outcome and a masked body (no key, masked e-mail).</summary>
internal sealed class RequestLogEntry
{
    public Guid Id { get; set; }
    public Guid? MerchantId { get; set; }
    public required string Path { get; set; }
    public int Status { get; set; }
    public required string Outcome { get; set; }
    public required string MaskedBody { get; set; }

    /// <summary>The presented key's public prefix (never more of the key); null when none was presented or it was not shaped like a key.</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>The caller's address as the rate limiter sees it.</summary>
    public string? ClientIp { get; set; }

    /// <summary>The body's external id, for the dashboard's filter.</summary>
    public string? ExternalId { get; set; }
    public DateTime At { get; set; }
}
