namespace Orderly.Licensing;

/// <summary>Stable error codes of the license server.</summary>
public static class LicensingErrors
{
    /// <summary>Unknown key, or a key not activated for this domain or fingerprint: one answer for both, so the API is no oracle for keys.</summary>
    public const string Invalid = "licensing.invalid";
    public const string Suspended = "licensing.license_suspended";
    public const string Expired = "licensing.license_expired";
    public const string Revoked = "licensing.license_revoked";
    public const string ActivationLimitReached = "licensing.activation_limit_reached";
    public const string LicenseNotFound = "licensing.license_not_found";
    public const string NotLicensable = "licensing.product_not_licensable";
    public const string WrongStatus = "licensing.wrong_status";
}
