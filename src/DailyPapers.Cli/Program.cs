using DailyPapers.Cli;

return await CliApp.RunConsoleAsync(args);
