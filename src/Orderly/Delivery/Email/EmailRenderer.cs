using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Orderly.Delivery.Email;

/// <summary>One item of a delivery e-mail: what the buyer gets for one order line.</summary>
public sealed record DeliveryEmailItem(string ProductName, IReadOnlyList<string> Codes, string? DownloadUrl, string? FileName, DateTime? DownloadExpiresAt);

/// <summary>Renders e-mail templates (Razor components) to HTML with <see cref="HtmlRenderer"/>.</summary>
internal sealed class EmailRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    public async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }
}
