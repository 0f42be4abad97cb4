using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace DailyPapers.Web.Tests.Browser;

/// <summary>
/// The real app on a real loopback port (Kestrel on 127.0.0.1:0, as <c>dailypapers serve</c> starts it) over a
/// <see cref="SampleStore"/>, and Debian's Chromium driven by Playwright (no browser download).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private WebApplication? _app;
    private IPlaywright? _playwright;

    public SampleStore Sample { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: <c>artifacts/screenshots/</c> in the repository (git-ignored).</summary>
    public static string ArtifactFolder { get; } = CreateArtifactFolder();

    public async Task InitializeAsync()
    {
        _app = WebApp.Build(["--urls", "http://127.0.0.1:0"], Sample.StorePath, b =>
        {
            b.Configuration["DailyPapers:Digest:Language"] = "ko";
            foreach (var (key, value) in SharedEncoder.Profile(Sample)) b.Configuration[key] = value;
            b.Services.AddSingleton<DailyPapers.Rank.ITextEncoder>(SharedEncoder.Instance);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _app.StartAsync();
        BaseUrl = _app.Urls.Single().TrimEnd('/');
        // The first paper page loads the encoder and encodes the stored days' papers (seconds on a loaded machine, once
        // per run): done here, outside the tests' 30 s page timeouts.
        using (var warm = new HttpClient { Timeout = TimeSpan.FromMinutes(5) })
            (await warm.GetAsync(BaseUrl + "/papers/2408.07246")).EnsureSuccessStatusCode();
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run test.sh (it installs Debian's chromium and fonts-nanum) or apt-get install chromium fonts-nanum");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        Sample.Dispose();
    }

    /// <summary>
    /// A fresh page that fails the test on any JavaScript dialog (which only injected script could open).
    /// <paramref name="bypassCsp"/> lets a test inject its own checker (axe-core) past the site's no-script policy.
    /// </summary>
    public async Task<(IPage Page, List<string> Dialogs)> NewPageAsync(int width = 1100, int height = 900, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "ko-KR", BypassCSP = bypassCsp });
        // No test touches the internet: the feed's thumbnails (on another host) are refused, so pages load at once.
        await context.RouteAsync("**/*", route => route.Request.Url.StartsWith(BaseUrl + "/", StringComparison.Ordinal)
            ? route.ContinueAsync()
            : route.AbortAsync("blockedbyclient"));
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        return (page, dialogs);
    }

    private static string CreateArtifactFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DailyPapers.slnx"))) dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
