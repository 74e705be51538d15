namespace Orderly.Keys;

/// <summary>Bound to the "Keys" section.</summary>
public sealed class KeysOptions
{
    public const string Section = "Keys";

    /// <summary>
    /// Master key, base64 of 32 random bytes (<c>openssl rand -base64 32</c>). When empty, one is
    /// generated into <c>{DataDir}/master.key</c> (mode 0600) on first start. Losing it loses every code.
    /// </summary>
    public string? MasterKey { get; set; }

    /// <summary>Largest key file accepted by an import. Default 50 MB.</summary>
    public long MaxImportBytes { get; set; } = 50L * 1024 * 1024;
}
