namespace Orderly.Web;

/// <summary>Small helpers the pages share.</summary>
public static class WebPage
{
    /// <summary>
    /// A return address that stays on this site: a local path ("/x", not "//host" or "/\host"),
    /// else <paramref name="fallback"/>. Guards every ?returnUrl= against open redirects.
    /// </summary>
    public static string LocalUrl(string? url, string fallback = "/") =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : fallback;
}
