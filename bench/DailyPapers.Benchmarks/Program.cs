using DailyPapers.Benchmarks;

// A whole-run benchmark: every CSAbstruct test abstract classified and summarized on one thread.
return SummarizerThroughput.Run(args);
