using System.Collections.Concurrent;
using DailyPapers.Collect.Arxiv;
using DailyPapers.Collect.Http;
using DailyPapers.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Enrich;

/// <summary>
/// Adds arXiv metadata (categories, comments, journal ref, DOI, PDF link, latest version, withdrawn) to each paper.
/// A day is looked up in batches; a paper arXiv does not know, or a failed batch, is reported per paper.
/// </summary>
public sealed class ArxivMetadataEnricher(ArxivClient arxiv, IOptions<ArxivOptions> options) : IDayEnricher
{
    private readonly ConcurrentDictionary<string, ArxivEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _failures = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public string Name => "arxiv-metadata";

    /// <inheritdoc />
    public bool WritesToStore => false;

    /// <inheritdoc />
    public bool Enabled => options.Value.Metadata;

    /// <inheritdoc />
    public async Task PrepareDayAsync(IReadOnlyList<Paper> papers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var ids = papers.Where(p => p.IsArxiv && p.Arxiv is null && !_entries.ContainsKey(p.ArxivId))
            .Select(p => new ArxivId(p.ArxivId, null)).ToList();
        if (ids.Count == 0) return;
        try
        {
            var lookup = await arxiv.LookupAsync(ids, cancellationToken).ConfigureAwait(false);
            foreach (var (id, entry) in lookup.Found) _entries[id] = entry;
            foreach (var id in lookup.NotFound) _failures[id] = $"arXiv does not know {id} (no entry returned for it)";
        }
        catch (Exception ex) when (ex is SourceUnavailableException or ArxivApiException)
        {
            foreach (var id in ids) _failures[id.Id] = ex.Message;
        }
    }

    /// <inheritdoc />
    public async Task<Paper> EnrichAsync(Paper paper, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paper);
        if (paper.Arxiv is not null || !paper.IsArxiv) return paper; // a DOI-identified paper (bioRxiv) has no arXiv record
        if (!_entries.ContainsKey(paper.ArxivId) && !_failures.ContainsKey(paper.ArxivId))
            await PrepareDayAsync([paper], cancellationToken).ConfigureAwait(false);
        if (_entries.TryRemove(paper.ArxivId, out var entry))
            return Apply(paper, entry);
        _failures.TryRemove(paper.ArxivId, out var reason); // a later run may try again
        throw new EnrichmentException(reason ?? $"no arXiv metadata for {paper.ArxivId}");
    }

    /// <summary>The paper with the entry's metadata; what the feed already had is kept.</summary>
    public static Paper Apply(Paper paper, ArxivEntry entry) => paper with
    {
        Arxiv = entry.ToMetadata(),
        Version = entry.Id.Version ?? paper.Version,
        PublishedAt = paper.PublishedAt ?? entry.Published,
        Abstract = string.IsNullOrWhiteSpace(paper.Abstract) ? entry.Summary : paper.Abstract,
        Authors = paper.Authors.Count > 0 ? paper.Authors : entry.Authors,
    };
}
