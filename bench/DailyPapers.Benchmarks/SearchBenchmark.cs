using System.Diagnostics;
using System.Globalization;
using DailyPapers.Postgres;
using DailyPapers.Storage;

namespace DailyPapers.Benchmarks;

/// <summary>
/// Search latency over an imported store: the store's own <see cref="IPaperSearch.SearchAsync"/> (first page of 20,
/// ranked, with snippets), single-word and multi-word queries, after one warm-up pass; p50 and p99 per kind.
/// Usage: search (--sqlite FILE | --postgres CONNECTION_STRING) [--rounds N]
/// </summary>
internal static class SearchBenchmark
{
    private static readonly string[] Single = ["quantum", "neutrino", "galaxy", "entropy", "lattice", "superconductivity", "spin", "algorithm"];
    private static readonly string[] Multi = ["dark matter", "phase transition", "black hole entropy", "quantum field theory", "neutron star", "magnetic field", "\"cross sections\"", "spin -glass"];

    public static async Task<int> RunAsync(string[] args)
    {
        string? sqlite = null, postgres = null;
        var rounds = 20;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sqlite": sqlite = args[++i]; break;
                case "--postgres": postgres = args[++i]; break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        IPaperStore store = sqlite is not null ? new SqlitePaperStore(sqlite)
            : postgres is not null ? new PostgresPaperStore(postgres)
            : throw new ArgumentException("give --sqlite FILE or --postgres CONNECTION_STRING");
        var search = (IPaperSearch)store;
        var name = sqlite is not null ? "sqlite" : "postgres";
        var opening = Stopwatch.StartNew();
        await store.GetDatesAsync(CancellationToken.None); // opens the store, running any migration it lacks
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search {name,-8} store opened (migrations included) in {opening.Elapsed.TotalSeconds:0.0} s"));
        foreach (var q in Single.Concat(Multi)) await search.SearchAsync(q, 1, 20, CancellationToken.None); // warm-up
        foreach (var (kind, queries) in new[] { ("single-word", Single), ("multi-word", Multi) })
        {
            var times = new List<double>();
            long hits = 0;
            for (var r = 0; r < rounds; r++)
            {
                foreach (var q in queries)
                {
                    var clock = Stopwatch.StartNew();
                    var page = await search.SearchAsync(q, 1, 20, CancellationToken.None);
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    if (r == 0) hits += page.Total;
                }
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"search {name,-8} {kind,-11}  queries {times.Count,5}  p50 {Percentile(times, 0.50),8:0.00} ms  p99 {Percentile(times, 0.99),8:0.00} ms  max {times[^1],8:0.00} ms  (total matches of one pass: {hits:N0})"));
        }
        if (store is IAsyncDisposable d) await d.DisposeAsync();
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
