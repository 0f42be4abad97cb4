namespace DailyPapers.Tests;

/// <summary>Where the repository, the shared test data and the golden files are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared real data (<c>../shared/data</c> beside the clone).</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    public static string SharedReference => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "reference"));

    public static string HfRaw2024 => Path.Combine(SharedData, "hf_daily_papers", "raw_2024");

    /// <summary>The golden files of the test project running: <c>tests/&lt;its assembly name&gt;/Expectations</c> (this file is shared by link).</summary>
    public static string Expectations => Path.Combine(RepoRoot, "tests", typeof(TestPaths).Assembly.GetName().Name!, "Expectations");

    /// <summary>A fresh folder under the temp directory, for stores and outputs.</summary>
    public static string NewTempFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dailypapers-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DailyPapers.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (DailyPapers.slnx) above " + AppContext.BaseDirectory);
    }
}
