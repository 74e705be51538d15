using System.Diagnostics;

namespace Orderly.Hosting;

/// <summary>
/// Every request gets a correlation id: the caller's <c>X-Correlation-Id</c> when it is sane, else
/// the W3C trace id. It is echoed in the response and added to every log line's scope; messages
/// carry the trace context through the outbox, so one id follows an order through all handlers.
/// </summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string Header = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        var id = IsSane(incoming) ? incoming : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        Activity.Current?.SetTag("orderly.correlation_id", id);
        context.Response.Headers[Header] = id;
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(context);
        }
    }

    private static bool IsSane(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
