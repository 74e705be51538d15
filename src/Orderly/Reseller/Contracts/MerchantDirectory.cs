namespace Orderly.Reseller.Contracts;

/// <summary>Whether a merchant exists, for the modules that tie people to merchants (the users command).</summary>
public interface IMerchantDirectory
{
    Task<bool> ExistsAsync(Guid merchantId, CancellationToken cancellationToken);
}
