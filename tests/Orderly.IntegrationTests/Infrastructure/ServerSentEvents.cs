using System.Text.Json;

namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>Reads a server-sent-events stream the way a browser's EventSource would.</summary>
internal static class ServerSentEvents
{
    /// <summary>The JSON of the next <c>data:</c> line, or a timeout after 30 s.</summary>
    public static async Task<JsonElement> ReadEventAsync(StreamReader reader, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }
        throw new EndOfStreamException("The stream ended before an event arrived.");
    }
}
