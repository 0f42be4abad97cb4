using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Text;

namespace DailyPapers.Enrich;

/// <summary>
/// Collects code, project, model and dataset links from the abstract, the arXiv comments and the stored full text
/// into <see cref="Paper.Links"/> (they feed "Code and Resources"). Needs no network.
/// </summary>
public sealed class LinksEnricher(IPaperStore store) : IPaperEnricher
{
    /// <inheritdoc />
    public string Name => "links";

    /// <inheritdoc />
    public bool WritesToStore => false;

    /// <inheritdoc />
    public bool Enabled => true;

    /// <inheritdoc />
    public async Task<Paper> EnrichAsync(Paper paper, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var found = new List<PaperLink>();
        found.AddRange(LinkExtractor.Extract(paper.Abstract, "abstract"));
        found.AddRange(LinkExtractor.Extract(paper.Arxiv?.Comments, "arxiv comments"));
        if (await store.GetFullTextAsync(paper.ArxivId, cancellationToken).ConfigureAwait(false) is { } text)
        {
            var body = text.PlainText + "\n" + string.Join("\n", text.Captions);
            found.AddRange(LinkExtractor.Extract(body, "full text").Where(LinkMerge.IsResource));
        }
        var links = LinkMerge.Merge(paper.Links, found);
        return links.SequenceEqual(paper.Links) ? paper : paper with { Links = links }; // unchanged: the same record
    }
}
