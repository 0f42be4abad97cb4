using System.Globalization;
using DailyPapers.Papers;
using DailyPapers.Rank;
using DailyPapers.Storage;

namespace DailyPapers.Benchmarks;

internal static partial class RankingBenchmark
{
    /// <summary>
    /// Prototype grid (ranking-knn [LISTINGS_DIR] [STORE_DIR]) on the tuning split: embedding scores that weigh the
    /// library against the rest of the store, blended with the SVM, mean nDCG@10. Its "vote" is the shipped
    /// <see cref="ProfileRanker.NeighbourVote"/> without recency weights (the split's library spans four days), the
    /// negative-cosine clamp or the tie-break.
    /// </summary>
    public static async Task<int> RunKnnAsync(string[] args)
    {
        var root = args.Length > 0 ? args[0] : Path.Combine(FindRepoRoot(), "..", "shared", "data", "arxiv_listings", "daily_arxiv");
        var folder = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "dailypapers-bench", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(folder);
        using var encoder = new MiniLmEncoder();
        var parts = new Dictionary<ProfileRanker, (SqlitePaperStore Store, PaperVectors Vectors)>();
        var tasks = await TasksAsync(root, folder, encoder, (o, s, v) => { var r = new ProfileRanker(o, s, v); parts[r] = (s, v); return r; }, tuningOnly: true);
        double[] alphas = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
        var names = new List<string>();
        var rows = new List<(string Split, string Category, double Svm, Dictionary<string, double[]> Z)>();
        foreach (var t in tasks)
        {
            var (store, vectors) = parts[t.Ranker];
            var ranking = await t.Ranker.RankAsync(t.Profile, t.Later, None);
            var papers = ranking.Papers;
            var libIds = t.Profile.Library.Select(l => l.ArxivId!).ToHashSet(StringComparer.Ordinal);
            var laterIds = t.Later.Select(p => p.ArxivId).ToHashSet(StringComparer.Ordinal);
            var stored = new List<Paper>();
            foreach (var date in await store.GetDatesAsync(None))
                foreach (var e in (await store.GetDayAsync(date, None))!.Entries)
                    if (!laterIds.Contains(e.Paper.ArxivId)) stored.Add(e.Paper);
            var byId = await vectors.GetAsync(stored, None);
            var lib = stored.Where(p => libIds.Contains(p.ArxivId)).Select(p => byId[p.ArxivId]).ToList();
            var neg = stored.Where(p => !libIds.Contains(p.ArxivId)).Select(p => byId[p.ArxivId]).ToList();
            var paperVectors = await vectors.GetAsync([.. papers.Select(r => r.Paper)], None);
            var svm = papers.Select(r => r.TextScore).ToArray();
            var scores = new Dictionary<string, double[]> { ["pos5"] = papers.Select(r => r.Similarity).ToArray() };
            foreach (var k in new[] { 5, 10, 20 })
            {
                scores[$"contrast{k}"] = papers.Select(r => TopMean(paperVectors[r.Paper.ArxivId], lib, k) - TopMean(paperVectors[r.Paper.ArxivId], neg, k)).ToArray();
                scores[$"vote{k}"] = papers.Select(r => Vote(paperVectors[r.Paper.ArxivId], lib, neg, k)).ToArray();
            }
            scores["centroid"] = papers.Select(r => Centroid(paperVectors[r.Paper.ArxivId], lib, neg)).ToArray();
            if (names.Count == 0) names.AddRange(scores.Keys);
            var zs = Z(svm);
            var z = scores.ToDictionary(kv => kv.Key, kv => { var zk = Z(kv.Value); return alphas.Select(a => Ndcg(Order(papers, i => a * zk[i] + (1 - a) * zs[i]), t.Relevant)).ToArray(); });
            rows.Add((t.Split, t.Category, Ndcg(Order(papers, i => svm[i]), t.Relevant), z));
            var baseline = await new ProfileRanker(Microsoft.Extensions.Options.Options.Create(new ProfilesOptions()), store, vectors) { Weights = new RankWeights { EmbeddingInClassifier = 0, Embedding = 0 } }.RankAsync(t.Profile, t.Later, None);
            var tfidf = Ndcg(Order(baseline.Papers, i => baseline.Papers[i].TextScore), t.Relevant);
            rows[^1] = rows[^1] with { Svm = tfidf };
            var detail = string.Join("; ", z.Select(kv => kv.Key + " " + string.Join(" ", kv.Value.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.Split} {t.Category}: tf-idf svm {tfidf:0.000}; {detail}"));
        }
        foreach (var split in rows.Select(r => r.Split).Distinct().Append("all"))
        {
            var sel = rows.Where(r => split == "all" || r.Split == split).ToList();
            var svmSum = sel.Sum(r => r.Svm);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{split} ({sel.Count}) tf-idf svm {sel.Average(r => r.Svm):0.000}"));
            foreach (var name in names)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-10} ratio to tf-idf svm, a=0..1: {string.Join(" ", alphas.Select((_, k) => (sel.Sum(r => r.Z[name][k]) / svmSum).ToString("0.000", CultureInfo.InvariantCulture)))}"));
        }
        return 0;
    }

    private static double TopMean(float[] v, List<float[]> set, int k) =>
        set.Select(x => (double)VectorMath.Cosine(v, x)).OrderByDescending(s => s).Take(k).Average();

    private static double Vote(float[] v, List<float[]> lib, List<float[]> neg, int k)
    {
        // The k nearest of both sets, each class weighted by the inverse of its size (balanced), similarity-weighted.
        var near = lib.Select(x => (S: (double)VectorMath.Cosine(v, x), L: true)).Concat(neg.Select(x => (S: (double)VectorMath.Cosine(v, x), L: false)))
            .OrderByDescending(x => x.S).Take(k).ToList();
        double wl = 1.0 / lib.Count, wn = 1.0 / neg.Count;
        var pos = near.Where(x => x.L).Sum(x => x.S * wl);
        var all = near.Sum(x => x.S * (x.L ? wl : wn));
        return all > 0 ? pos / all : 0;
    }

    private static double Centroid(float[] v, List<float[]> lib, List<float[]> neg)
    {
        var d = v.Length;
        var cl = new float[d];
        var cn = new float[d];
        foreach (var x in lib) for (var j = 0; j < d; j++) cl[j] += x[j] / lib.Count;
        foreach (var x in neg) for (var j = 0; j < d; j++) cn[j] += x[j] / neg.Count;
        return VectorMath.Cosine(v, VectorMath.Normalized(cl)) - VectorMath.Cosine(v, VectorMath.Normalized(cn));
    }
}
