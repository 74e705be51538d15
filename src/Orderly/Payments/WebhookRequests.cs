using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orderly.Hosting;

namespace Orderly.Payments;

/// <summary>What every provider's webhook endpoint shares: the bounded body read, the answer and the metric.</summary>
internal static class WebhookRequests
{
    private static readonly Meter Meter = new("Orderly.Payments");
    private static readonly Counter<long> Received = Meter.CreateCounter<long>("orderly.webhooks.received");

    public sealed record Acknowledgement(bool Received, string Outcome);

    public static void Count(string provider, string outcome) =>
        Received.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("outcome", outcome));

    public static ProblemHttpResult TooLarge(long limit) =>
        Problems.Create(413, "payments.payload_too_large", "Webhook body too large.", $"At most {limit} bytes.");

    /// <summary>A string property of a provider's JSON object, or null when it is absent or not a string.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The raw body (signatures cover its exact bytes), or null when it exceeds <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
