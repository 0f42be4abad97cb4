namespace DailyPapers.Storage;

/// <summary>Where the store lives (<c>DailyPapers:Store</c>).</summary>
public sealed class StoreOptions
{
    /// <summary>The SQLite file; default under <c>$XDG_DATA_HOME/dailypapers/</c> or <c>~/.local/share/dailypapers/</c>.</summary>
    public string Path { get; set; } = DefaultPath();

    /// <summary>Which store: <c>sqlite</c> (the default, one file at <see cref="Path"/>) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The PostgreSQL connection string (Host=...;Username=...;Database=... form), used when <see cref="Provider"/> is <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The memory SQLite's page caches may take in this process, all connections together, in MiB (SQLite's soft heap
    /// limit); past it the caches reuse their pages instead of growing. 0 leaves SQLite's own default (up to 2 MiB per
    /// pooled connection, with no total). Reads past the cache come from the operating system's file cache.
    /// </summary>
    public int SqliteCacheMiB { get; set; } = DefaultSqliteCacheMiB;

    /// <summary>The default of <see cref="SqliteCacheMiB"/>.</summary>
    public const int DefaultSqliteCacheMiB = 8;

    /// <summary>The default store file for this user.</summary>
    public static string DefaultPath()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return System.IO.Path.Combine(root, "dailypapers", "dailypapers.db");
    }
}
