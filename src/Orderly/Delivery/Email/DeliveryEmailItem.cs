namespace Orderly.Delivery.Email;

/// <summary>One item of a delivery e-mail: what the buyer gets for one order line.</summary>
public sealed record DeliveryEmailItem(string ProductName, IReadOnlyList<string> Codes, string? DownloadUrl, string? FileName, DateTime? DownloadExpiresAt);
