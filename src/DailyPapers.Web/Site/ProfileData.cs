using DailyPapers.Publish;
using DailyPapers.Rank;

namespace DailyPapers.Web.Site;

/// <summary>The latest stored day ranked for a profile: each item with its reasons, best first (excluded ones last).</summary>
public sealed record ProfileDay(string Profile, PublishedDay Day, IReadOnlyList<ProfileEntry> Entries, string RankedBy, int LibraryItems, int SkippedEntries);

/// <summary>A paper of the day as ranked for a profile: why it ranks there, and whether an excluded keyword put it last.</summary>
public sealed record ProfileEntry(PublishedItem Item, IReadOnlyList<string> Reasons, bool Excluded);

/// <summary>A profile that is configured but has nothing to rank by (its library unusable, no keyword, category or author).</summary>
public sealed class UnusableProfileException(string profile, Exception inner) : Exception($"profile '{profile}' has nothing usable to rank by", inner)
{
    /// <summary>The profile's name.</summary>
    public string Profile => profile;
}

/// <summary>Reads what <c>/for/NAME</c> and its feeds show: the newest stored day ranked by <see cref="ProfileRanker"/>.</summary>
public sealed class ProfileData(ProfileRanker ranker, SiteData site, ILogger<ProfileData> logger)
{
    /// <summary>The configured spelling of a profile's name (names are case-insensitive), or null when none is configured by that name.</summary>
    public string? Configured(string name) => ranker.Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The day <paramref name="date"/> (null: the newest) ranked for <paramref name="name"/>, or null when it is not stored. The profile must be
    /// configured (<see cref="Configured"/>); one with nothing usable is an <see cref="UnusableProfileException"/>.
    /// </summary>
    public async Task<ProfileDay?> GetAsync(string name, DateOnly? date, string? language, CancellationToken cancellationToken)
    {
        LoadedProfile profile;
        try
        {
            profile = await ranker.LoadAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (ProfileException ex)
        {
            // The full reason names the library file on this server: it goes to the log, not to the reader.
            logger.LogError("{Problem}", ex.Message);
            throw new UnusableProfileException(name, ex);
        }
        foreach (var problem in profile.Problems) logger.LogWarning("profile '{Profile}': skipped {Problem}", profile.Name, problem);
        if ((date ?? await site.LatestDateAsync(cancellationToken).ConfigureAwait(false)) is not { } when) return null;
        if (await site.GetDayAsync(when, language, cancellationToken).ConfigureAwait(false) is not { } day) return null;
        var items = day.Items.DistinctBy(i => i.Entry.Paper.ArxivId, StringComparer.Ordinal).ToList();
        var ranking = await ranker.RankAsync(profile, [.. items.Select(i => i.Entry.Paper)], cancellationToken).ConfigureAwait(false);
        var byId = items.ToDictionary(i => i.Entry.Paper.ArxivId, StringComparer.Ordinal);
        var entries = ranking.Papers.Select(r => new ProfileEntry(byId[r.Paper.ArxivId], r.Reasons, r.Excluded)).ToList();
        return new ProfileDay(profile.Name, day with { Items = [.. entries.Select(e => e.Item)] }, entries, ProfileRanking.Method(ranking, profile), profile.Library.Count, profile.Problems.Count);
    }
}
