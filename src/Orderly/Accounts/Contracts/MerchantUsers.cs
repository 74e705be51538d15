namespace Orderly.Accounts.Contracts;

/// <summary>What <see cref="IMerchantUsers.AddAsync"/> decided.</summary>
public abstract record MerchantUserOutcome
{
    public sealed record Added(Guid UserId, bool Created) : MerchantUserOutcome;
    public sealed record Refused(IReadOnlyList<string> Errors) : MerchantUserOutcome;
}

/// <summary>A person who signs in to a merchant's dashboard.</summary>
public sealed record MerchantUser(Guid Id, string Email);

/// <summary>
/// The people of a merchant (the Reseller module's merchants): sign-ins with the
/// <see cref="WebRoles.Merchant"/> role and the merchant id in their <see cref="MerchantClaims.MerchantId"/> claim.
/// </summary>
public interface IMerchantUsers
{
    /// <summary>
    /// Creates the user (e-mail taken as confirmed) or gives an existing buyer account the role, the
    /// merchant and the new password. Refused for staff (a staff account never doubles as a merchant)
    /// and for a user of another merchant.
    /// </summary>
    /// <param name="actor">Who did it, for the audit log; null from the command line.</param>
    Task<MerchantUserOutcome> AddAsync(string email, string password, Guid merchantId, string? actor, CancellationToken cancellationToken);

    Task<IReadOnlyList<MerchantUser>> ListAsync(Guid merchantId, CancellationToken cancellationToken);
}
