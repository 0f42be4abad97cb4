using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Web.Tests.Validators;

/// <summary>The real app on a loopback port (as <c>dailypapers serve</c> runs it) over a <see cref="SampleStore"/>, and a folder for saved responses.</summary>
public sealed class LiveSiteFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public SampleStore Sample { get; } = new();
    public HttpClient Client { get; private set; } = null!;
    public string Folder => Path.Combine(Sample.Folder, "saved");

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
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
        Directory.CreateDirectory(Folder);
    }

    /// <summary>Saves the response to <paramref name="url"/> as <paramref name="name"/> and returns its path; the status must be <paramref name="status"/>.</summary>
    public async Task<string> SaveAsync(string url, string name, int status = 200)
    {
        var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{url}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
        var path = Path.Combine(Folder, name);
        await File.WriteAllTextAsync(path, body);
        return path;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        Sample.Dispose();
    }
}
