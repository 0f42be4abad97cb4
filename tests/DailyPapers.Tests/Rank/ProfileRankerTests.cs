using DailyPapers.Papers;
using DailyPapers.Rank;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Rank;

public sealed class ProfileRankerTests(EncoderFixture fixture) : IClassFixture<EncoderFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string Listing(string name) => Path.Combine(TestPaths.SharedData, "arxiv_listings", "daily_arxiv", "week_2025-04-28", name);

    private (ProfileRanker Ranker, SqlitePaperStore Store, string Folder) NewRanker(params (string Name, ProfileSettings Settings)[] profiles)
    {
        var folder = TestPaths.NewTempFolder();
        var store = new SqlitePaperStore(Path.Combine(folder, "s.db"));
        var options = new ProfilesOptions();
        foreach (var (name, settings) in profiles) options.Profiles[name] = settings;
        return (new ProfileRanker(Options.Create(options), store, new PaperVectors(fixture.Encoder, store, store)), store, folder);
    }

    /// <summary>
    /// A ranker whose store holds the listing of 2025-04-28, with a profile <paramref name="name"/> whose library is an id
    /// list of that day's first <paramref name="count"/> cs.CL papers; and the day ranked later, 2025-05-05.
    /// </summary>
    private async Task<(ProfileRanker Ranker, SqlitePaperStore Store, IReadOnlyList<Paper> Earlier, IReadOnlyList<Paper> Later)> FirstListingDayStoredAsync(string name, int count)
    {
        var (earlier, _) = ArxivListingFile.Read(Listing("2025-04-28.jsonl"));
        var (later, _) = ArxivListingFile.Read(Listing("2025-05-05.jsonl"));
        var ids = Path.Combine(TestPaths.NewTempFolder(), "library.txt");
        await File.WriteAllLinesAsync(ids, earlier.Where(p => p.Arxiv!.Categories[0] == "cs.CL").Take(count).Select(p => p.ArxivId));
        var (ranker, store, _) = NewRanker((name, new ProfileSettings { Library = ids }));
        var date = new DateOnly(2025, 4, 28);
        await store.SaveDayAsync(new DayFeed(date, [.. earlier.Select((p, i) => new DailyEntry { Date = date, FeedOrder = i, Paper = p })], []), None);
        return (ranker, store, earlier, later);
    }

    [Fact]
    public async Task A_day_is_ranked_by_closeness_to_the_library_with_keyword_author_and_exclusion_reasons()
    {
        // Given the sample day stored and a profile whose library is about radiance fields and 3D scenes
        var folder = TestPaths.NewTempFolder();
        var bib = Path.Combine(folder, "lib.bib");
        await File.WriteAllTextAsync(bib, """
            @article{nerf, title = {NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis},
              abstract = {We synthesize novel views of complex 3D scenes by optimizing a continuous volumetric radiance field.}, year = 2020}
            @article{gs, title = {3D Gaussian Splatting for Real-Time Radiance Field Rendering},
              abstract = {Radiance field methods represent scenes with 3D Gaussians for real-time novel view rendering.}, year = 2023}
            """);
        var (ranker, store, _) = NewRanker(("me", new ProfileSettings { Library = bib, Keywords = "waveform", Authors = "Bo-Wen Zhang", ExcludeKeywords = "chemical" }));
        var day = Fixtures.SampleDay();
        await store.SaveDayAsync(day, None);

        // When the profile is loaded and ranks the day
        var profile = await ranker.LoadAsync("ME", None);
        var ranking = await ranker.RankAsync(profile, [.. day.Entries.Select(e => e.Paper)], None);

        // Then the two 3D papers lead (keyword and author boosts aside), each saying which library paper it is close to
        var unboosted = ranking.Papers.Where(r => r.Reasons.All(x => x.StartsWith("close to: ", StringComparison.Ordinal))).ToList();
        Assert.Equal(["2408.07416", "2408.07540"], unboosted.Take(2).Select(r => r.Paper.ArxivId).Order());
        Assert.All(ranking.Papers, r => Assert.StartsWith("close to: ", r.Reasons[0], StringComparison.Ordinal));
        Assert.Contains(ranking.Papers[0].Reasons[0], new[] { "close to: NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis", "close to: 3D Gaussian Splatting for Real-Time Radiance Field Rendering" });
        // and the boosts and the exclusion are named, the excluded paper last
        Assert.Contains("keyword: waveform", ranking.Papers.Single(r => r.Paper.ArxivId == "2408.07547").Reasons);
        Assert.Contains("author: Bo-Wen Zhang", ranking.Papers.Single(r => r.Paper.ArxivId == "2408.07410").Reasons);
        Assert.Contains("author: Bo-Wen Zhang", ranking.Papers.Single(r => r.Paper.ArxivId == "2408.07089").Reasons);
        Assert.Equal(("2408.07246", true), (ranking.Papers[^1].Paper.ArxivId, ranking.Papers[^1].Excluded));
        Assert.Contains("excluded keyword: chemical", ranking.Papers[^1].Reasons);
        Assert.Equal(day.Entries.Count, ranking.Papers.Count);
        Assert.False(ranking.UsedTextClassifier); // two items: too few to train on
    }

    [Fact]
    public async Task A_profile_of_keywords_and_categories_only_ranks_without_the_encoder()
    {
        var (ranker, _, _) = NewRanker(("kw", new ProfileSettings { Keywords = "Gaussian, speech", Categories = "cs.SD" }));
        var papers = new List<Paper>
        {
            new() { ArxivId = "2501.00001", Title = "A study of tables", Abstract = "Nothing relevant." },
            new() { ArxivId = "2501.00002", Title = "Speech codecs", Abstract = "We compress speech.", Arxiv = new ArxivMetadata { Categories = ["eess.AS", "cs.SD"] } },
            new() { ArxivId = "2501.00003", Title = "Gaussian organs", Abstract = "Gaussians everywhere." },
        };
        var counting = fixture.Encoder.IsLoaded;

        var ranking = await ranker.RankAsync(await ranker.LoadAsync("kw", None), papers, None);

        Assert.Equal(["2501.00002", "2501.00003", "2501.00001"], ranking.Papers.Select(r => r.Paper.ArxivId));
        Assert.Equal(["keyword: speech", "category: cs.SD"], ranking.Papers[0].Reasons);
        Assert.Equal(["keyword: Gaussian"], ranking.Papers[1].Reasons);
        Assert.Equal(["no match with the profile"], ranking.Papers[2].Reasons);
        Assert.Equal(counting, fixture.Encoder.IsLoaded);
    }

    [Fact]
    public async Task A_profile_with_nothing_usable_or_not_configured_is_an_error_naming_it()
    {
        var folder = TestPaths.NewTempFolder();
        var ids = Path.Combine(folder, "ids.txt");
        await File.WriteAllTextAsync(ids, "2401.99999\nnonsense\n");
        var (ranker, _, _) = NewRanker(("empty", new ProfileSettings { Library = ids }), ("bare", new ProfileSettings()));

        var empty = await Assert.ThrowsAsync<ProfileException>(() => ranker.LoadAsync("empty", None));
        var bare = await Assert.ThrowsAsync<ProfileException>(() => ranker.LoadAsync("bare", None));
        var unknown = await Assert.ThrowsAsync<ProfileException>(() => ranker.LoadAsync("nobody", None));

        Assert.Equal($"profile 'empty' has nothing to rank by: its library '{ids}' gave no usable entry ({ids}: line 1: 2401.99999 is not in the store (fetch its day first); {ids}: line 2: 'nonsense' is not an arXiv id) and it sets no Keywords, Categories or Authors", empty.Message);
        Assert.Equal("profile 'bare' has nothing to rank by: it sets no Library, Keywords, Categories or Authors", bare.Message);
        Assert.Equal("no profile 'nobody' is configured (DailyPapers:Profiles:nobody:...); configured: bare, empty", unknown.Message);
    }

    [Fact]
    public async Task A_large_library_trains_the_tfidf_svm_and_ranks_its_category_first_on_a_later_day()
    {
        // Given the first listing day stored, a library of its cs.CL papers as an id list, and a later day to rank
        var (ranker, store, earlier, later) = await FirstListingDayStoredAsync("nlp", int.MaxValue);

        // When the later day is ranked
        var profile = await ranker.LoadAsync("nlp", None);
        var ranking = await ranker.RankAsync(profile, later, None);

        // Then the SVM was trained, the embedding score was the neighbour vote against the other stored papers, and at
        // least 8 of the top 10 are cs.CL papers (the day has 24 of 97)
        Assert.True(ranking.UsedTextClassifier);
        Assert.True(ranking.UsedNeighbourVote);
        Assert.All(ranking.Papers, r => Assert.InRange(r.EmbeddingScore, -ProfileRanker.VoteTieBreak, 1 + ProfileRanker.VoteTieBreak));
        Assert.Contains(ranking.Papers, r => r.EmbeddingScore != r.Similarity);
        Assert.Empty(profile.Problems);
        var top = ranking.Papers.Take(10).Count(r => r.Paper.Arxiv!.Categories.Contains("cs.CL"));
        Assert.True(top >= 8, $"{top} of the top 10 are cs.CL");
        // and the SVM read embeddings: every stored paper (library and negatives) now has its vector stored
        Assert.Equal(0.5f, ranker.Weights.EmbeddingInClassifier);
        Assert.Equal(earlier.DistinctBy(p => p.ArxivId).Count(), await store.CountVectorsAsync(MiniLmEncoder.ModelName, None));
    }

    [Fact]
    public void A_paper_amid_other_stored_papers_scores_below_one_only_the_library_is_near_though_it_is_closer_to_a_library_item()
    {
        // Given a library of two items along x, three other stored papers around the x-y diagonal, and two papers to rank:
        // one between the library and those papers (cosine 0.8 to the nearest library item), one out along z (cosine 0.7)
        float[] V(float x, float y, float z) => VectorMath.Normalized(new[] { x, y, z });
        IReadOnlyList<float[]> library = [V(1, 0, 0), V(0.9f, 0, 0.1f)];
        IReadOnlyList<float[]> others = [V(0.7f, 0.7f, 0), V(0.6f, 0.8f, 0), V(0.8f, 0.6f, 0.05f)];
        var amid = V(0.8f, 0.6f, 0);
        var apart = V(0.7f, 0, 0.7f);
        double[] weights = [1, 1];
        LibraryItem[] items = [new("x", "", null, null, "test"), new("x2", "", null, null, "test")];

        // When each is scored by its similarity to the library and by the vote of its 2 nearest neighbours
        var (simAmid, _) = ProfileRanker.Similarity(amid, library, weights, items, 2);
        var (simApart, _) = ProfileRanker.Similarity(apart, library, weights, items, 2);
        var voteAmid = ProfileRanker.NeighbourVote(amid, library, weights, others, 2);
        var voteApart = ProfileRanker.NeighbourVote(apart, library, weights, others, 2);

        // Then the similarity prefers the paper amid the others, and the vote the one that only the library is near
        Assert.True(simAmid > simApart, $"similarity {simAmid} vs {simApart}");
        Assert.Equal(0, voteAmid, 6); // its 2 nearest are other papers
        Assert.Equal(1, voteApart, 6); // its 2 nearest are the library items
        // and a third neighbour (another paper, cosine 0.60) counts a third of its cosine against the library items' halves
        Assert.Equal(0.788, ProfileRanker.NeighbourVote(apart, library, weights, others, 3), 3);
        // and with no other stored paper the vote is the library's alone; with no library item it is 0
        Assert.Equal(1, ProfileRanker.NeighbourVote(amid, library, weights, [], 3));
        Assert.Equal(0, ProfileRanker.NeighbourVote(amid, [], [], others, 3));
    }

    [Fact]
    public async Task A_library_of_a_few_items_ranks_by_similarity_and_encodes_none_of_the_other_stored_papers()
    {
        // Given the first listing day stored (127 papers) and a library of three of its papers
        var (ranker, store, _, later) = await FirstListingDayStoredAsync("few", 3);

        // When 20 papers of a later day are ranked
        var profile = await ranker.LoadAsync("few", None);
        var ranking = await ranker.RankAsync(profile, [.. later.Take(20)], None);

        // Then neither the SVM nor the vote was used (three items against 124 papers would vote 0 for most of the day):
        // the similarity orders the papers, and only the library's vectors were stored, none of the other papers'
        Assert.Equal(3, profile.Library.Count);
        Assert.False(ranking.UsedTextClassifier);
        Assert.False(ranking.UsedNeighbourVote);
        Assert.All(ranking.Papers, r => Assert.Equal(r.Similarity, r.EmbeddingScore));
        Assert.Equal(ranking.Papers.Select(r => r.Similarity).OrderDescending(), ranking.Papers.Select(r => r.Similarity));
        Assert.Equal(3, await store.CountVectorsAsync(MiniLmEncoder.ModelName, None));
    }

    [Fact]
    public async Task Loading_a_profile_with_a_library_starts_loading_the_encoder_and_one_without_does_not()
    {
        // Given a stored day, a library of two of its papers, and two rankers each with a fresh (unloaded) encoder
        var folder = TestPaths.NewTempFolder();
        var store = new SqlitePaperStore(Path.Combine(folder, "s.db"));
        var day = Fixtures.SampleDay();
        await store.SaveDayAsync(day, None);
        var ids = Path.Combine(folder, "ids.txt");
        await File.WriteAllLinesAsync(ids, day.Entries.Take(2).Select(e => e.Paper.ArxivId));
        var options = new ProfilesOptions();
        options.Profiles["lib"] = new ProfileSettings { Library = ids };
        options.Profiles["kw"] = new ProfileSettings { Keywords = "diffusion" };
        using var withLibrary = new MiniLmEncoder();
        using var keywordsOnly = new MiniLmEncoder();

        // When each profile is loaded, before anything is ranked
        await new ProfileRanker(Options.Create(options), store, new PaperVectors(withLibrary, store, store)).LoadAsync("lib", None);
        await new ProfileRanker(Options.Create(options), store, new PaperVectors(keywordsOnly, store, store)).LoadAsync("kw", None);

        // Then the library's encoder loads its model in the background (the ranking will need it); the other stays unloaded
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!withLibrary.IsLoaded && waited.Elapsed < TimeSpan.FromSeconds(120)) await Task.Delay(50);
        Assert.True(withLibrary.IsLoaded);
        Assert.False(keywordsOnly.IsLoaded);
    }
}
