using DailyPapers.Benchmarks;

// Whole-run benchmarks, chosen by the first argument:
//   summarizer [CSABSTRUCT_DIR] [ROUNDS]   every CSAbstruct test abstract classified and summarized on one thread
//   backfill [--politeness 00:00:03]       a 7-day fetch against the loopback replay server, politeness off vs on
return args.FirstOrDefault() switch
{
    "backfill" => await BackfillBenchmark.RunAsync(args[1..]),
    "summarizer" => SummarizerThroughput.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/DailyPapers.Benchmarks -- summarizer|backfill [options]");
    return 2;
}
