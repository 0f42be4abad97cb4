using System.Net;
using DailyPapers.Collect.Arxiv;
using DailyPapers.Collect.Http;
using DailyPapers.Papers;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Enrich.PaperText;

/// <summary>
/// Fetches a paper's full text once and keeps it in the store: arXiv's HTML rendering when there is one, else the PDF.
/// Links found in the text's anchors (code, models, datasets, project pages) are added to the paper.
/// </summary>
public sealed class FullTextEnricher(IHttpClientFactory http, IPaperStore store, IOptions<ArxivOptions> options, TimeProvider time) : IPaperEnricher
{
    /// <inheritdoc />
    public string Name => "full-text";

    /// <inheritdoc />
    public bool Enabled => options.Value.FullText;

    /// <inheritdoc />
    public async Task<Paper> EnrichAsync(Paper paper, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paper);
        if (!paper.IsArxiv) return paper; // arXiv serves no text for a DOI-identified paper (bioRxiv)
        // Kept text is reused unless arXiv now has a newer version than the one it was read from.
        if (await store.GetFullTextAsync(paper.ArxivId, cancellationToken).ConfigureAwait(false) is { } kept
            && (paper.Version is not { } latest || kept.Url.EndsWith($"v{latest}", StringComparison.Ordinal)))
            return paper;
        var o = options.Value;
        var id = paper.Version is { } v ? $"{paper.ArxivId}v{v}" : paper.ArxivId;
        var htmlUrl = $"{o.Site}/html/{id}";
        var client = http.CreateClient(HttpRegistration.Arxiv);
        try
        {
            using (var response = await client.GetAsync(htmlUrl, cancellationToken).ConfigureAwait(false))
            {
                if (response.IsSuccessStatusCode)
                {
                    var html = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    if (ArxivHtmlExtractor.Extract(html, paper.ArxivId, htmlUrl, o.FullTextMaxChars) is var (text, links))
                    {
                        await store.SaveFullTextAsync(text with { FetchedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
                        return paper with { Links = LinkMerge.Merge(paper.Links, links.Where(LinkMerge.IsResource)) };
                    }
                }
                else if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    throw new EnrichmentException($"{htmlUrl}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                }
            }
            // No HTML rendering (404, or not LaTeXML): the PDF.
            var pdfUrl = paper.Arxiv?.PdfUrl is { Length: > 0 } known && known.StartsWith(o.Site, StringComparison.OrdinalIgnoreCase) ? known : $"{o.Site}/pdf/{id}";
            using var pdfResponse = await client.GetAsync(pdfUrl, cancellationToken).ConfigureAwait(false);
            if (!pdfResponse.IsSuccessStatusCode)
                throw new EnrichmentException($"no HTML rendering, and {pdfUrl}: HTTP {(int)pdfResponse.StatusCode} {pdfResponse.ReasonPhrase}");
            var bytes = await pdfResponse.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var pdfText = PdfTextExtractor.Extract(bytes, paper.ArxivId, pdfUrl, o.FullTextMaxChars);
            await store.SaveFullTextAsync(pdfText with { FetchedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            return paper;
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException
                                   || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new EnrichmentException($"{new Uri(htmlUrl).Host}: {HttpFailure.Describe(ex)}", ex);
        }
    }
}
