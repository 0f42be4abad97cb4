using DailyPapers.Benchmarks;

// Whole-run benchmarks, chosen by the first argument:
//   summarizer [CSABSTRUCT_DIR] [ROUNDS]   every CSAbstruct test abstract classified and summarized on one thread
//   backfill [--politeness 00:00:03]       a 7-day fetch against the loopback replay server, politeness off vs on
//   verify-devset [--devset FILE] [--dump FILE]   the verifiers on the 76 real GPT-4o days, scored on the hand-labelled set
//   delivery [SUBSCRIBERS]                 one day of 30 papers by e-mail to 1,000 subscribers (loopback SMTP) and as a Slack thread, then re-run
//   search (--sqlite FILE | --postgres CONNSTR) [--rounds N]   search p50/p99 over an imported store (bench/import-arxiv/run.sh)
//   listing [--papers 600 --top 30 --latency-ms 200]   a 600-paper arXiv listing day: parse+store, then the cost cascade, its re-run and all-LLM
//   ranking [LISTINGS_DIR] [STORE_DIR]              profile ranking on real arXiv listings: nDCG@10 / P@10 of random, newest, tf-idf+SVM, neighbour vote, previous and new blend
//   semantic-speed [N]                     encoding a 30-paper day (cold starts: package vs ours, fresh and cached), and similar papers over N (100,000) stored vectors in SQLite
//   ranking-tune [LISTINGS_DIR] [STORE_DIR] [EMBEDDING_WEIGHTS]   blend weight grids per split (to tune on one split, report the other)
//   ranking-knn [LISTINGS_DIR] [STORE_DIR]          embedding scores that weigh the library against the other stored papers, blended with the SVM, per split
//   coherence [DAYS_DIR] [--show]          the offline summarizer over every captured 2024 day: sections opening on a lost predecessor, results in Technical Details
//   roles-embed CSABSTRUCT_DIR [CACHE_FILE]   MiniLM embeddings of every CSAbstruct sentence into a cache file (default under /tmp) for roles-dev minilm=on
//   workers POSTGRES_CONNSTR [--papers 200 --latency-ms 200 --calls-per-worker 4 --workers 1,2,4]   worker processes against the loopback model server (bench/workers/run.sh)
//   roles-dev CSABSTRUCT_DIR GLOVE_JSON|shipped|none [option=value,...]...   dev-only tuning of the role model (never reads test)
return args.FirstOrDefault() switch
{
    "backfill" => await BackfillBenchmark.RunAsync(args[1..]),
    "summarizer" => SummarizerThroughput.Run(args[1..]),
    "delivery" => await DeliveryBenchmark.RunAsync(args[1..]),
    "listing" => await ListingBenchmark.RunAsync(args[1..]),
    "roles-dev" => RoleTuning.Run(args[1..]),
    "coherence" => CoherenceBenchmark.Run(args[1..]),
    "roles-embed" => SentenceEmbeddingCache.Run(args[1..]),
    "ranking" => await RankingBenchmark.RunAsync(args[1..]),
    "ranking-tune" => await RankingBenchmark.RunTuneAsync(args[1..]),
    "ranking-knn" => await RankingBenchmark.RunKnnAsync(args[1..]),
    "semantic-speed" => await RankingBenchmark.RunSpeedAsync(args[1..]),
    "encode-cold" => RankingBenchmark.RunCold(args[1..]),
    "verify-devset" => await VerifyDevset.RunAsync(args[1..]),
    "search" => await SearchBenchmark.RunAsync(args[1..]),
    "workers" => await WorkersBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/DailyPapers.Benchmarks -- summarizer|backfill|listing|roles-dev|coherence|verify-devset|delivery|search|workers|ranking|semantic-speed [options]");
    return 2;
}
