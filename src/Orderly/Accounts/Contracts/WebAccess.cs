namespace Orderly.Accounts.Contracts;

/// <summary>The roles a signed-in person can hold. Buyers hold none: being signed in is enough for their pages.</summary>
public static class WebRoles
{
    /// <summary>Everything, including users and roles, dead letters and settings.</summary>
    public const string Admin = "admin";

    /// <summary>Catalog, key pools, orders (refunds, mark paid), fraud review, reports.</summary>
    public const string Manager = "manager";

    /// <summary>Reads orders and customers, resends deliveries; changes no money and no stock.</summary>
    public const string Support = "support";

    /// <summary>The staff roles.</summary>
    public static readonly IReadOnlyList<string> All = [Admin, Manager, Support];

    /// <summary>
    /// A reseller's person: the merchant dashboard of the one merchant in their
    /// <see cref="MerchantClaims.MerchantId"/> claim. Not a staff role, so never in <see cref="All"/>.
    /// </summary>
    public const string Merchant = "merchant";
}

/// <summary>The claim that ties a merchant user to their merchant (stored with the user, carried in the sign-in cookie).</summary>
public static class MerchantClaims
{
    public const string MerchantId = "orderly:merchant";
}

/// <summary>
/// Authorization policies of the web pages, all on the sign-in cookie. Put one on every page
/// (<c>@attribute [Authorize(Policy = WebPolicies.Staff)]</c>) and check the stricter one again
/// in the handler of an action that needs it.
/// </summary>
public static class WebPolicies
{
    /// <summary>Any signed-in person (the account pages, the signed-in library).</summary>
    public const string SignedIn = "web.signed_in";

    /// <summary>admin, manager or support: the admin area.</summary>
    public const string Staff = "web.staff";

    /// <summary>admin or manager: anything that changes the catalog, stock, money or an order.</summary>
    public const string Manager = "web.manager";

    /// <summary>admin only: users and roles, dead letters.</summary>
    public const string Admin = "web.admin";

    /// <summary>The merchant role and a merchant claim: the merchant dashboard (/merchant).</summary>
    public const string Merchant = "web.merchant";
}
