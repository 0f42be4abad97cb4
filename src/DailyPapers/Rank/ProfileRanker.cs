using DailyPapers.Papers;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Rank;

/// <summary>A profile ready to rank: its settings, the usable library items, their vectors and weights, and what was left out.</summary>
public sealed record LoadedProfile(string Name, ProfileSettings Settings, IReadOnlyList<LibraryItem> Library, IReadOnlyList<LibraryProblem> Problems)
{
    /// <summary>The keywords, excluded keywords, categories and authors as lists.</summary>
    public IReadOnlyList<string> Keywords { get; } = ProfileSettings.List(Settings?.Keywords);
    /// <summary>Excluded keywords.</summary>
    public IReadOnlyList<string> ExcludeKeywords { get; } = ProfileSettings.List(Settings?.ExcludeKeywords);
    /// <summary>Categories.</summary>
    public IReadOnlyList<string> Categories { get; } = ProfileSettings.List(Settings?.Categories);
    /// <summary>Authors.</summary>
    public IReadOnlyList<string> Authors { get; } = ProfileSettings.List(Settings?.Authors);
}

/// <summary>
/// A ranked paper: its blended score and why it ranks where it does; <see cref="Excluded"/> papers come last.
/// <see cref="Similarity"/> is the embedding similarity to the library and <see cref="TextScore"/> the SVM margin (0 when not trained).
/// </summary>
public sealed record RankedPaper(Paper Paper, double Score, IReadOnlyList<string> Reasons, bool Excluded)
{
    /// <summary>Recency-weighted mean cosine to the nearest library items (0 without a library).</summary>
    public double Similarity { get; init; }

    /// <summary>The tf-idf + SVM margin (0 when the SVM was not trained).</summary>
    public double TextScore { get; init; }

    /// <summary>
    /// The embedding part of the blend: the library's share of the paper's nearest neighbours among the library and the
    /// other stored papers (<see cref="ProfileRanker.NeighbourVote"/>, plus <see cref="ProfileRanker.VoteTieBreak"/> x
    /// <see cref="Similarity"/> to order equal votes), or <see cref="Similarity"/> when the library or the other stored
    /// papers are fewer than 10.
    /// </summary>
    public double EmbeddingScore { get; init; }
}

/// <summary>A day ranked for a profile, best first (excluded papers at the end, still listed).</summary>
public sealed record ProfileRanking(string Profile, IReadOnlyList<RankedPaper> Papers, bool UsedTextClassifier)
{
    /// <summary>The embedding score's share of the blend that ranked the papers (the SVM had the rest).</summary>
    public double EmbeddingShare { get; init; }

    /// <summary>Whether the embedding score was the neighbour vote (enough other stored papers), not the similarity to the library alone.</summary>
    public bool UsedNeighbourVote { get; init; }

    /// <summary>What decided the order, for reports and pages: the SVM and embeddings, embeddings alone, or the boosts alone.</summary>
    public static string Method(ProfileRanking ranking, LoadedProfile profile)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(profile);
        return ranking.UsedTextClassifier ? "embeddings + tf-idf SVM" : profile.Library.Count > 0 ? "embeddings" : "keywords, authors and categories";
    }
}

/// <summary>How the parts of a profile's score are weighted.</summary>
public sealed record RankWeights
{
    // The defaults were chosen on the 2025-05-05 split of the ranking bench only (see docs/benchmarks.md#profile-ranking).
    /// <summary>Weight of the embedding score (the neighbour vote, or the similarity to the library; standardized over the day).</summary>
    public double Embedding { get; init; } = 0.9;
    /// <summary>Weight of the SVM margin (standardized over the day), when the library is large enough.</summary>
    public double TextClassifier { get; init; } = 0.1;
    /// <summary>Added per matched keyword.</summary>
    public double Keyword { get; init; } = 1.0;
    /// <summary>Added per matched author.</summary>
    public double Author { get; init; } = 1.5;
    /// <summary>Added when a paper is listed in a profile category.</summary>
    public double Category { get; init; } = 0.75;
    /// <summary>Library items nearest a paper that its similarity averages over.</summary>
    public int Neighbours { get; init; } = 5;
    /// <summary>
    /// Nearest papers among the library and the other stored papers whose vote is the embedding score (0: the
    /// similarity to the library alone, as before the vote). Needs the other papers' vectors: missing ones are encoded once and stored.
    /// </summary>
    public int VoteNeighbours { get; init; } = 10;
    /// <summary>A library item this much older than the newest one counts half.</summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromDays(365);
    /// <summary>
    /// Weight of each paper's sentence embedding appended to its tf-idf features in the SVM (0: tf-idf alone, the
    /// arxiv-sanity method). Above 0 the SVM's negatives need vectors too: missing ones are encoded once and stored.
    /// </summary>
    public float EmbeddingInClassifier { get; init; } = 0.5f;
}

/// <summary>
/// Ranks papers for a profile: a blend of the embedding score (how much nearer the library a paper's embedding is than
/// the rest of the store: the library's recency-weighted share of its nearest neighbours), the tf-idf + linear SVM
/// margin once the library has <see cref="TextClassifier.MinimumExamples"/> items, and keyword, author and category boosts; an excluded keyword puts a paper last. Each paper carries its reasons.
/// </summary>
public sealed class ProfileRanker(IOptions<ProfilesOptions> options, IPaperStore store, PaperVectors vectors)
{
    /// <summary>Largest number of stored papers used as the SVM's negatives.</summary>
    public const int MaxNegatives = 3000;

    /// <summary>
    /// Largest number of negatives when their vectors are read (the SVM reads embeddings too, or the neighbour vote is
    /// on): each needs a vector, and a missing one is encoded once and stored, about 50 ms a paper, so a first ranking on
    /// a large store costs under a minute, not minutes.
    /// </summary>
    public const int MaxEncodedNegatives = 1000;

    /// <summary>
    /// How much of the similarity to the library is added to the neighbour vote: enough to order papers the vote ties
    /// (it is often exactly 0 or 1), too little to reorder papers whose votes differ.
    /// </summary>
    public const double VoteTieBreak = 1e-3;

    /// <summary>The weights in use.</summary>
    public RankWeights Weights { get; init; } = new();

    /// <summary>Names of the configured profiles.</summary>
    public IReadOnlyList<string> Names => [.. options.Value.Profiles.Keys.Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// Reads a profile's library; each unusable entry is a problem in the result. An unknown profile, or one with no usable
    /// library item, keyword, category or author, is a <see cref="ProfileException"/> naming it.
    /// </summary>
    public async Task<LoadedProfile> LoadAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!options.Value.Profiles.TryGetValue(name, out var settings))
        {
            var known = Names;
            throw new ProfileException($"no profile '{name}' is configured (DailyPapers:Profiles:{name}:...); " +
                (known.Count == 0 ? "none is configured" : "configured: " + string.Join(", ", known)));
        }
        IReadOnlyList<LibraryItem> items = [];
        IReadOnlyList<LibraryProblem> problems = [];
        if (!string.IsNullOrWhiteSpace(settings.Library))
        {
            var read = await LibraryReader.ReadAsync(settings.Library.Trim(), store, cancellationToken).ConfigureAwait(false);
            (items, problems) = (read.Items, read.Problems);
        }
        var profile = new LoadedProfile(name, settings, items, problems);
        // A library means the encoder will be needed: its model loads in the background while the caller collects the day.
        if (items.Count > 0) vectors.Encoder.StartLoading();
        if (items.Count == 0 && profile.Keywords.Count == 0 && profile.Categories.Count == 0 && profile.Authors.Count == 0)
        {
            var why = string.IsNullOrWhiteSpace(settings.Library) ? "it sets no Library, Keywords, Categories or Authors"
                : $"its library '{settings.Library}' gave no usable entry ({string.Join("; ", problems.Take(3))}{(problems.Count > 3 ? $"; and {problems.Count - 3} more" : "")}) and it sets no Keywords, Categories or Authors";
            throw new ProfileException($"profile '{name}' has nothing to rank by: {why}");
        }
        return profile;
    }

    /// <summary>Ranks <paramref name="papers"/> for <paramref name="profile"/>, best first.</summary>
    public async Task<ProfileRanking> RankAsync(LoadedProfile profile, IReadOnlyList<Paper> papers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(papers);
        if (papers.Count == 0) return new ProfileRanking(profile.Name, [], false);
        var n = papers.Count;
        var similarity = new double[n];
        var embedding = new double[n];
        var closest = new string?[n];
        var svm = new double[n];
        var usedSvm = false;
        var voted = false;
        // The embedding score's share of the blend (the SVM has the rest).
        var share = Weights.Embedding + Weights.TextClassifier > 0 ? Weights.Embedding / (Weights.Embedding + Weights.TextClassifier) : 0.5;
        if (profile.Library.Count > 0)
        {
            var paperVectors = await vectors.GetAsync(papers, cancellationToken).ConfigureAwait(false);
            var library = await LibraryVectorsAsync(profile.Library, cancellationToken).ConfigureAwait(false);
            var weights = RecencyWeights(profile.Library, Weights.HalfLife);
            for (var i = 0; i < n; i++)
                (similarity[i], closest[i]) = Similarity(paperVectors[papers[i].ArxivId], library, weights, profile.Library, Weights.Neighbours);
            IReadOnlyList<Paper> negatives = Weights.TextClassifier <= 0 && Weights.VoteNeighbours <= 0 ? [] : await NegativesAsync(profile, papers, cancellationToken).ConfigureAwait(false);
            TextClassifier? classifier = null;
            var libraryTexts = profile.Library.Select(l => l.Text).ToList();
            var negativeTexts = negatives.Select(PaperVectors.TextOf).ToList();
            var trainable = Weights.TextClassifier > 0 && profile.Library.Count >= TextClassifier.MinimumExamples && negatives.Count >= TextClassifier.MinimumExamples;
            // The vote weighs the library against the other stored papers; with too few of either it would say little
            // (a library of a few items against hundreds of papers votes 0 for most of a day), so the similarity decides.
            voted = MayVote(profile) && negatives.Count >= TextClassifier.MinimumExamples;
            IReadOnlyList<float[]>? negativeVectors = null;
            if (voted || (trainable && Weights.EmbeddingInClassifier > 0))
            {
                var byId = await vectors.GetAsync(negatives, cancellationToken).ConfigureAwait(false);
                negativeVectors = [.. negatives.Select(p => byId[p.ArxivId])];
            }
            for (var i = 0; i < n; i++)
                embedding[i] = voted ? NeighbourVote(paperVectors[papers[i].ArxivId], library, weights, negativeVectors!, Weights.VoteNeighbours) + VoteTieBreak * similarity[i] : similarity[i];
            if (trainable)
                classifier = TextClassifier.Train(libraryTexts, negativeTexts, library, Weights.EmbeddingInClassifier > 0 ? negativeVectors : null, Weights.EmbeddingInClassifier);
            if (classifier is not null)
            {
                usedSvm = true;
                var scores = classifier.Score([.. papers.Select(PaperVectors.TextOf)], classifier.UsesVectors ? [.. papers.Select(p => paperVectors[p.ArxivId])] : null);
                for (var i = 0; i < n; i++) svm[i] = scores[i];
            }
        }
        var z1 = Standardize(embedding);
        var z2 = Standardize(svm);
        var ranked = new List<RankedPaper>(n);
        for (var i = 0; i < n; i++)
        {
            var paper = papers[i];
            var reasons = new List<string>();
            var score = profile.Library.Count > 0 ? (usedSvm ? share * z1[i] + (1 - share) * z2[i] : z1[i]) : 0;
            if (closest[i] is { } near) reasons.Add($"close to: {near}");
            var text = PaperVectors.TextOf(paper);
            foreach (var k in profile.Keywords.Where(k => Contains(text, k))) { score += Weights.Keyword; reasons.Add($"keyword: {k}"); }
            foreach (var a in profile.Authors.Where(a => paper.Authors.Any(pa => SameAuthor(pa, a)))) { score += Weights.Author; reasons.Add($"author: {a}"); }
            var categories = paper.Arxiv?.Categories ?? [];
            foreach (var c in profile.Categories.Where(c => categories.Contains(c, StringComparer.OrdinalIgnoreCase))) { score += Weights.Category; reasons.Add($"category: {c}"); }
            var excluded = profile.ExcludeKeywords.Where(k => Contains(text, k)).ToList();
            foreach (var x in excluded) reasons.Add($"excluded keyword: {x}");
            if (reasons.Count == 0) reasons.Add("no match with the profile");
            ranked.Add(new RankedPaper(paper, score, reasons, excluded.Count > 0) { Similarity = similarity[i], TextScore = svm[i], EmbeddingScore = embedding[i] });
        }
        // Stable: equal scores keep the day's order.
        return new ProfileRanking(profile.Name, [.. ranked.Select((r, i) => (r, i)).OrderBy(x => x.r.Excluded).ThenByDescending(x => x.r.Score).ThenBy(x => x.i).Select(x => x.r)], usedSvm)
        {
            EmbeddingShare = usedSvm ? share : profile.Library.Count > 0 ? 1 : 0,
            UsedNeighbourVote = voted,
        };
    }

    private async Task<IReadOnlyList<float[]>> LibraryVectorsAsync(IReadOnlyList<LibraryItem> library, CancellationToken cancellationToken)
    {
        // Items that are stored papers reuse (and fill) the store's vectors; the others are encoded from their own text.
        var result = new float[library.Count][];
        var storedIds = new List<Paper>();
        for (var i = 0; i < library.Count; i++)
        {
            if (library[i].ArxivId is { } id && await store.GetPaperAsync(id, cancellationToken).ConfigureAwait(false) is { } p && !string.IsNullOrWhiteSpace(p.Abstract))
                storedIds.Add(p);
        }
        var byId = await vectors.GetAsync(storedIds, cancellationToken).ConfigureAwait(false);
        var free = Enumerable.Range(0, library.Count).Where(i => library[i].ArxivId is not { } id || !byId.ContainsKey(id)).ToList();
        var encoded = vectors.EncodeTexts([.. free.Select(i => library[i].Text)], cancellationToken);
        for (var j = 0; j < free.Count; j++) result[free[j]] = encoded[j];
        for (var i = 0; i < library.Count; i++) result[i] ??= byId[library[i].ArxivId!];
        return result;
    }

    /// <summary>Whether the neighbour vote is on and the profile's library is large enough for it (the other papers are counted later).</summary>
    private bool MayVote(LoadedProfile profile) => Weights.VoteNeighbours > 0 && profile.Library.Count >= TextClassifier.MinimumExamples;

    private async Task<IReadOnlyList<Paper>> NegativesAsync(LoadedProfile profile, IReadOnlyList<Paper> papers, CancellationToken cancellationToken)
    {
        // Stored papers of the newest days, other than the library and the papers being ranked.
        var skip = new HashSet<string>(profile.Library.Select(l => l.ArxivId).OfType<string>().Concat(papers.Select(p => p.ArxivId)), StringComparer.Ordinal);
        var limit = Weights.EmbeddingInClassifier > 0 || MayVote(profile) ? MaxEncodedNegatives : MaxNegatives;
        var result = new List<Paper>();
        foreach (var date in (await store.GetDatesAsync(cancellationToken).ConfigureAwait(false)).Reverse())
        {
            if (result.Count >= limit) break;
            var day = await store.GetDayAsync(date, cancellationToken).ConfigureAwait(false);
            foreach (var e in day?.Entries ?? [])
                if (result.Count < limit && skip.Add(e.Paper.ArxivId)) result.Add(e.Paper);
        }
        return result;
    }

    /// <summary>Weights halving every <paramref name="halfLife"/> back from the newest dated item; undated items get the median weight.</summary>
    public static double[] RecencyWeights(IReadOnlyList<LibraryItem> library, TimeSpan halfLife)
    {
        ArgumentNullException.ThrowIfNull(library);
        var dated = library.Where(l => l.Date is not null).Select(l => l.Date!.Value).ToList();
        if (dated.Count == 0) return [.. library.Select(_ => 1.0)];
        var newest = dated.Max();
        var weights = library.Select(l => l.Date is { } d ? Math.Pow(0.5, (newest.DayNumber - d.DayNumber) / halfLife.TotalDays) : double.NaN).ToArray();
        var known = weights.Where(w => !double.IsNaN(w)).Order().ToList();
        var median = known[known.Count / 2];
        for (var i = 0; i < weights.Length; i++) if (double.IsNaN(weights[i])) weights[i] = median;
        return weights;
    }

    /// <summary>Weighted mean cosine to the <paramref name="neighbours"/> nearest library items, and the title of the nearest.</summary>
    public static (double Score, string? Closest) Similarity(float[] paper, IReadOnlyList<float[]> library, double[] weights, IReadOnlyList<LibraryItem> items, int neighbours)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(items);
        if (library.Count == 0) return (0, null);
        var sims = library.Select((l, i) => (Sim: (double)VectorMath.Cosine(paper, l), I: i)).OrderByDescending(s => s.Sim).Take(Math.Max(1, neighbours)).ToList();
        var weightSum = sims.Sum(s => weights[s.I]);
        var score = weightSum > 0 ? sims.Sum(s => weights[s.I] * s.Sim) / weightSum : sims.Average(s => s.Sim);
        var best = sims.MaxBy(s => s.Sim * (0.5 + 0.5 * weights[s.I]));
        return (score, TextFolding.Fold(items[best.I].Title));
    }

    /// <summary>
    /// The library's share of the <paramref name="neighbours"/> papers nearest <paramref name="paper"/> among the library
    /// and <paramref name="others"/> (the other stored papers): each neighbour counts its cosine (at least 0) times its
    /// side's weight, a library item its recency weight over the library's total and another paper one over their
    /// number, so both sides count as if they were equally large; a negative cosine counts 0. 1: only library items are
    /// near; 0: none is. Unlike
    /// the similarity to the library, a paper in a part of the field where the library is only as dense as the rest of
    /// the store (a broad category) does not score high for being near some library item.
    /// </summary>
    public static double NeighbourVote(float[] paper, IReadOnlyList<float[]> library, double[] weights, IReadOnlyList<float[]> others, int neighbours)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(others);
        if (library.Count == 0) return 0;
        if (others.Count == 0) return 1;
        var all = new (double Sim, double Weight, bool Library)[library.Count + others.Count];
        var total = weights.Sum();
        for (var i = 0; i < library.Count; i++) all[i] = (VectorMath.Cosine(paper, library[i]), total > 0 ? weights[i] / total : 1.0 / library.Count, true);
        for (var j = 0; j < others.Count; j++) all[library.Count + j] = (VectorMath.Cosine(paper, others[j]), 1.0 / others.Count, false);
        double mine = 0, sum = 0;
        foreach (var (sim, weight, isLibrary) in all.OrderByDescending(a => a.Sim).Take(Math.Max(1, neighbours)))
        {
            var vote = Math.Max(0, sim) * weight;
            sum += vote;
            if (isLibrary) mine += vote;
        }
        return sum > 0 ? mine / sum : 0;
    }

    private static double[] Standardize(double[] values)
    {
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        return [.. values.Select(v => sd > 1e-9 ? (v - mean) / sd : 0)];
    }

    private static bool Contains(string text, string phrase)
    {
        // Whole words: "GAN" must not match "organ".
        var at = 0;
        while ((at = text.IndexOf(phrase, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var end = at + phrase.Length;
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]) || (text[end] == 's' && (end + 1 >= text.Length || !char.IsLetterOrDigit(text[end + 1])));
            if (before && after) return true;
            at++;
        }
        return false;
    }

    private static bool SameAuthor(string paperAuthor, string wanted) =>
        string.Equals(TextFolding.Fold(paperAuthor).Trim(), wanted.Trim(), StringComparison.OrdinalIgnoreCase);
}
