namespace Orderly.Web.Admin;

/// <summary>A refund request's status as staff read it (label and badge tone).</summary>
public static class RefundRequestNames
{
    public const string Open = "open";
    public const string Approved = "approved";
    public const string Declined = "declined";

    public static string Label(string status) => status switch
    {
        Open => "Open",
        Approved => "Approved",
        Declined => "Declined",
        _ => "Closed",
    };

    public static string Tone(string status) => status switch
    {
        Open => "warn",
        Approved => "ok",
        Declined => "bad",
        _ => "",
    };
}
