using DailyPapers.Web;

// `dotnet run --project src/DailyPapers.Web` and `dailypapers serve` start the same app.
await WebApp.Build(args).RunAsync();

/// <summary>The entry point (named so WebApplicationFactory can find the app).</summary>
public partial class Program;
