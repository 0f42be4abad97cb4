using System.Diagnostics;
using System.Globalization;
using DailyPapers.Papers;
using DailyPapers.Rank;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Benchmarks;

/// <summary>
/// The profile ranking on real arXiv listings (../shared/data/arxiv_listings/daily_arxiv): for each split the earlier
/// days are the store, the library is every earlier paper listed in one category, and the later day is ranked;
/// relevant = listed in that category. nDCG@10 and P@10 of random, newest-first, tf-idf + SVM, embeddings alone and
/// the blend, all through <see cref="ProfileRanker"/> (the last three differ only in weights), in one run.
/// </summary>
internal static class RankingBenchmark
{
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed record Split(string Folder, string[] Earlier, string Later);

    private static readonly Split[] Splits =
    [
        new("week_2025-04-28", ["2025-04-28", "2025-04-29", "2025-04-30", "2025-05-01"], "2025-05-05"),
        new("holiday_2025-12", ["2025-12-22", "2025-12-24", "2025-12-25"], "2025-12-29"),
    ];

    private static readonly string[] Categories = ["cs.CV", "cs.CL", "cs.AI", "cs.LG", "eess.IV", "cs.RO"];

    public static async Task<int> RunAsync(string[] args)
    {
        var root = args.Length > 0 ? args[0] : Path.Combine(FindRepoRoot(), "..", "shared", "data", "arxiv_listings", "daily_arxiv");
        var folder = Path.Combine(Path.GetTempPath(), "dailypapers-bench", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(folder);
        using var encoder = new MiniLmEncoder();
        Console.WriteLine($"profile ranking on real arXiv listings ({root}); {Environment.ProcessorCount} cores");
        Console.WriteLine("library = earlier days' papers listed in the category; ranked = the later day; relevant = listed in the category");
        Console.WriteLine();
        Console.WriteLine("| split | category | library | relevant / day | random nDCG@10 | newest nDCG@10 | tf-idf+SVM nDCG@10 | embeddings nDCG@10 | blend nDCG@10 | random P@10 | newest P@10 | SVM P@10 | embeddings P@10 | blend P@10 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var totals = new double[5];
        var precisions = new double[5];
        var runs = 0;
        foreach (var split in Splits)
        {
            var store = new SqlitePaperStore(Path.Combine(folder, split.Folder + ".db"));
            var earlier = new List<Paper>();
            foreach (var name in split.Earlier)
            {
                var (papers, problems) = ArxivListingFile.Read(Path.Combine(root, split.Folder, name + ".jsonl"));
                foreach (var p in problems) Console.Error.WriteLine("skipped " + p);
                var date = DateOnly.ParseExact(name, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var fresh = papers.Where(p => earlier.All(e => e.ArxivId != p.ArxivId)).ToList();
                earlier.AddRange(fresh);
                await store.SaveDayAsync(new DayFeed(date, [.. fresh.Select((p, i) => new DailyEntry { Date = date, FeedOrder = i, Paper = p with { PublishedAt = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) } })], []), None);
            }
            var earlierIds = earlier.Select(p => p.ArxivId).ToHashSet(StringComparer.Ordinal);
            var later = ArxivListingFile.Read(Path.Combine(root, split.Folder, split.Later + ".jsonl")).Papers.Where(p => !earlierIds.Contains(p.ArxivId)).ToList();
            foreach (var category in Categories)
            {
                var library = earlier.Where(p => p.Arxiv!.Categories.Contains(category)).ToList();
                var relevant = later.Where(p => p.Arxiv!.Categories.Contains(category)).Select(p => p.ArxivId).ToHashSet(StringComparer.Ordinal);
                if (library.Count < TextClassifier.MinimumExamples || relevant.Count == 0) continue;
                var ids = Path.Combine(folder, $"{split.Folder}-{category}.txt");
                await File.WriteAllLinesAsync(ids, library.Select(p => p.ArxivId));
                var options = Options.Create(new ProfilesOptions());
                options.Value.Profiles["bench"] = new ProfileSettings { Library = ids };
                var vectors = new PaperVectors(encoder, store, store);
                var blend = new ProfileRanker(options, store, vectors);
                var profile = await blend.LoadAsync("bench", None);
                // One ranking: the SVM alone and the embeddings alone are its two parts, each ordered by itself.
                var ranking = await blend.RankAsync(profile, later, None);
                if (!ranking.UsedTextClassifier) throw new InvalidOperationException($"the SVM was not trained for {category}");
                var orders = new List<IReadOnlyList<string>>
                {
                    later.Select(p => p.ArxivId).OrderByDescending(id => id, StringComparer.Ordinal).ToList(),
                    ranking.Papers.OrderByDescending(r => r.TextScore).Select(r => r.Paper.ArxivId).ToList(),
                    ranking.Papers.OrderByDescending(r => r.Similarity).Select(r => r.Paper.ArxivId).ToList(),
                    Ids(ranking),
                };
                // Random: the mean over 200 seeded shuffles.
                var rng = new Random(15);
                var randomN = 0.0;
                var randomP = 0.0;
                for (var s = 0; s < 200; s++)
                {
                    var shuffled = later.Select(p => p.ArxivId).OrderBy(_ => rng.Next()).ToList();
                    randomN += Ndcg(shuffled, relevant) / 200;
                    randomP += Precision(shuffled, relevant) / 200;
                }
                double[] n = [randomN, .. orders.Select(o => Ndcg(o, relevant))];
                double[] p = [randomP, .. orders.Select(o => Precision(o, relevant))];
                for (var i = 0; i < 5; i++) { totals[i] += n[i]; precisions[i] += p[i]; }
                runs++;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {split.Later} | {category} | {library.Count} | {relevant.Count} / {later.Count} | {string.Join(" | ", n.Select(x => x.ToString("0.000", CultureInfo.InvariantCulture)))} | {string.Join(" | ", p.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))} |"));
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| mean of {runs} | | | | {string.Join(" | ", totals.Select(x => (x / runs).ToString("0.000", CultureInfo.InvariantCulture)))} | {string.Join(" | ", precisions.Select(x => (x / runs).ToString("0.00", CultureInfo.InvariantCulture)))} |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"blend / tf-idf+SVM nDCG@10: {totals[4] / totals[2]:0.000} (goal >= 1.1); embeddings / SVM: {totals[3] / totals[2]:0.000}"));
        return 0;
    }

    private static List<string> Ids(ProfileRanking ranking) => [.. ranking.Papers.Select(r => r.Paper.ArxivId)];

    private static double Ndcg(IReadOnlyList<string> order, HashSet<string> relevant)
    {
        var dcg = order.Take(10).Select((id, i) => relevant.Contains(id) ? 1 / Math.Log2(i + 2) : 0).Sum();
        var ideal = Enumerable.Range(0, Math.Min(10, relevant.Count)).Sum(i => 1 / Math.Log2(i + 2));
        return ideal == 0 ? 0 : dcg / ideal;
    }

    private static double Precision(IReadOnlyList<string> order, HashSet<string> relevant) => order.Take(10).Count(relevant.Contains) / 10.0;

    /// <summary>
    /// Speed: encoding a 30-paper day (the model loaded first, timed apart), and the similar-papers query over N stored
    /// vectors in SQLite (synthetic: real abstract vectors with noise), p50 and p95 of 200 queries after the first load.
    /// </summary>
    public static async Task<int> RunSpeedAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var root = Path.Combine(FindRepoRoot(), "..", "shared", "data", "arxiv_listings", "daily_arxiv");
        var day = ArxivListingFile.Read(Path.Combine(root, "week_2025-04-28", "2025-04-29.jsonl")).Papers;
        using var encoder = new MiniLmEncoder();
        Console.WriteLine($"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        var sw = Stopwatch.StartNew();
        encoder.Encode(["warm-up: loads the ONNX model"], None);
        var load = sw.Elapsed;
        var texts = day.Take(30).Select(PaperVectors.TextOf).ToList();
        var encodeTimes = new List<double>();
        for (var r = 0; r < 3; r++)
        {
            sw.Restart();
            encoder.Encode(texts, None);
            encodeTimes.Add(sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model load (first encode of one sentence): {load.TotalSeconds:0.00} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"encode a 30-paper day (title + abstract), 3 runs: {string.Join(", ", encodeTimes.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture)))} s (goal < 2 s)"));

        var seeds = encoder.Encode([.. day.Select(PaperVectors.TextOf)], None);
        var folder = Path.Combine(Path.GetTempPath(), "dailypapers-bench", Guid.NewGuid().ToString("n"));
        var store = new SqlitePaperStore(Path.Combine(folder, "vectors.db"));
        var rng = new Random(15);
        var date = new DateOnly(2025, 1, 1);
        sw.Restart();
        for (var start = 0; start < count; start += 10_000)
        {
            var n = Math.Min(10_000, count - start);
            var ids = Enumerable.Range(start, n).Select(i => string.Create(CultureInfo.InvariantCulture, $"{2000 + i / 99_999 % 100:0000}.{i % 99_999:00000}")).ToList();
            var entries = ids.Select((id, i) => new DailyEntry { Date = date.AddDays(start / 10_000), FeedOrder = i, Paper = new Paper { ArxivId = id, Title = "synthetic " + id } }).ToList();
            await store.SaveDayAsync(new DayFeed(date.AddDays(start / 10_000), entries, []), None);
            var vectors = ids.Select(id =>
            {
                var baseVector = seeds[rng.Next(seeds.Count)];
                var noisy = baseVector.Select(x => x + (float)(rng.NextDouble() - 0.5) * 0.08f).ToArray();
                return new StoredVector(id, encoder.Model, "synthetic", VectorMath.Normalized(noisy));
            }).ToList();
            await store.SaveVectorsAsync(vectors, None);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count:N0} synthetic vectors stored in SQLite in {sw.Elapsed.TotalSeconds:0.0} s"));
        var index = new VectorIndex(store, encoder.Model);
        sw.Restart();
        await index.RefreshAsync(None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first load of the in-memory index: {sw.Elapsed.TotalMilliseconds:0} ms"));
        var times = new List<double>();
        var all = await store.GetAllVectorsAsync(encoder.Model, None);
        for (var q = 0; q < 200; q++)
        {
            var id = all[rng.Next(all.Count)].ArxivId;
            sw.Restart();
            var v = await index.GetAsync(id, None);
            var hits = await index.NearestAsync(v!, 10, new HashSet<string> { id }, None);
            times.Add(sw.Elapsed.TotalMilliseconds);
            if (hits.Count != 10) throw new InvalidOperationException($"expected 10 similar papers, got {hits.Count}");
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"similar papers (10 nearest of {count:N0}, exact cosine, store change check included), 200 queries: p50 {times[100]:0.0} ms, p95 {times[190]:0.0} ms (goal p50 < 20 ms)"));
        // The index's per-query change check, side by side: the store's change stamp (now) against counting the model's vectors (before).
        var stampTimes = new List<double>();
        var countTimes = new List<double>();
        for (var q = 0; q < 200; q++)
        {
            sw.Restart();
            await store.GetChangeStampAsync(None);
            stampTimes.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            await store.CountVectorsAsync(encoder.Model, None);
            countTimes.Add(sw.Elapsed.TotalMilliseconds);
        }
        stampTimes.Sort();
        countTimes.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"change check per query, 200 each interleaved: store change stamp p50 {stampTimes[100]:0.000} ms vs COUNT(*) of the model's vectors p50 {countTimes[100]:0.000} ms ({countTimes[100] / Math.Max(stampTimes[100], 1e-6):0}x)"));
        Directory.Delete(folder, true);
        return 0;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DailyPapers.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (DailyPapers.slnx)");
    }
}
