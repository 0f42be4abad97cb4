using System.CommandLine;
using DailyPapers.Cli;
using DailyPapers.Cli.Commands;

var root = new RootCommand("DailyPapers: each day's trending research papers as a verified digest, in any language.");
root.Subcommands.Add(DigestCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(TrainRolesCommand.Create());
root.Subcommands.Add(FetchCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
return await CliApp.InvokeAsync(root, args);
