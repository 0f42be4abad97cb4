using System.Security.Cryptography;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.FileProviders;

namespace DailyPapers.Web.Site;

/// <summary>The stylesheet's URL and its Subresource Integrity hash, computed once from <c>wwwroot/site.css</c>.</summary>
public sealed record SiteStylesheet(string Href, string? Integrity)
{
    /// <summary>The stylesheet when its bytes are unknown (no integrity attribute).</summary>
    public static SiteStylesheet Unversioned { get; } = new("/site.css", null);

    /// <summary>The stylesheet served by MapStaticAssets from <paramref name="webRoot"/>.</summary>
    public static SiteStylesheet From(IFileProvider webRoot)
    {
        ArgumentNullException.ThrowIfNull(webRoot);
        var file = webRoot.GetFileInfo("site.css");
        if (!file.Exists) throw new InvalidOperationException("wwwroot/site.css is missing from the web root " + webRoot);
        using var stream = file.CreateReadStream();
        return new("/site.css", "sha384-" + Convert.ToBase64String(SHA384.HashData(stream)));
    }
}

/// <summary>
/// Renders the pages' Razor components to HTML strings on the server (for the page cache), with the framework's encoding.
/// Each render has its own <see cref="HtmlRenderer"/>, disposed when the HTML is taken: a renderer keeps every root
/// component it rendered (and its parameters: a day, search results) until it is disposed, so one renderer for the
/// process's life grew by each render (a soak of the search page: +150 MiB a minute).
/// </summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggers, SiteStylesheet stylesheet)
{
    /// <summary>The HTML of <typeparamref name="TComponent"/> with <paramref name="parameters"/>.</summary>
    public async Task<string> RenderAsync<TComponent>(IReadOnlyDictionary<string, object?> parameters) where TComponent : IComponent
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var root = new Dictionary<string, object?>
        {
            [nameof(CascadingValue<SiteStylesheet>.Value)] = stylesheet,
            [nameof(CascadingValue<SiteStylesheet>.IsFixed)] = true,
            [nameof(CascadingValue<SiteStylesheet>.ChildContent)] = (RenderFragment)(b =>
            {
                b.OpenComponent<TComponent>(0);
                foreach (var (name, value) in parameters) b.AddComponentParameter(1, name, value);
                b.CloseComponent();
            }),
        };
        var renderer = new HtmlRenderer(services, loggers);
        await using (renderer.ConfigureAwait(false))
        {
            return await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var output = await renderer.RenderComponentAsync<CascadingValue<SiteStylesheet>>(ParameterView.FromDictionary(root));
                return output.ToHtmlString();
            }).ConfigureAwait(false);
        }
    }
}
