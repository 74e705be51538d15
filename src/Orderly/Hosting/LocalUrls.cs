namespace Orderly.Hosting;

/// <summary>Return addresses that stay on this site, for pages and endpoints that redirect.</summary>
public static class LocalUrls
{
    /// <summary>
    /// <paramref name="url"/> when it is a local path ("/x", not "//host" or "/\host"), else
    /// <paramref name="fallback"/>. Guards every ?returnUrl= against open redirects.
    /// </summary>
    public static string OrFallback(string? url, string fallback = "/") =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : fallback;
}
