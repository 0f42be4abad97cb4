using Xunit.Abstractions;

namespace DailyPapers.Web.Tests.Validators;

/// <summary>The API document and the pages pass the ecosystem's validators with no errors (a failing validator fails the build).</summary>
public sealed class ValidatorTests(LiveSiteFixture site, ITestOutputHelper output) : IClassFixture<LiveSiteFixture>
{
    [Fact]
    public async Task OpenAPI_document_passes_redocly_lint_with_no_errors()
    {
        // Given the document the running site serves
        var document = await site.SaveAsync("/api/openapi.json", "openapi.json");

        // When @redocly/cli lints it with the recommended rules (tools/validators/redocly.yaml)
        var (exitCode, report) = await NodeValidators.RunAsync("redocly", "lint", document, "--config", Path.Combine(NodeValidators.Folder, "redocly.yaml"), "--format", "stylish");
        output.WriteLine(report);

        // Then it reports no error (warnings are printed above)
        Assert.True(exitCode == 0, $"redocly lint found errors in /api/openapi.json:\n{report}");
    }

    [Fact]
    public async Task Day_paper_archive_search_and_error_pages_pass_html_validate_recommended_with_no_errors()
    {
        // Given the pages a reader meets, saved from the running site
        string[] pages =
        [
            await site.SaveAsync("/2024-08-15", "day.html"),
            await site.SaveAsync("/2024-08-15?lang=en", "day-en.html"),
            await site.SaveAsync("/2024-08-16", "day-hostile.html"),
            await site.SaveAsync("/papers/2408.07246", "paper.html"),
            await site.SaveAsync("/papers/" + SampleStore.HostileId, "paper-hostile.html"),
            await site.SaveAsync("/archive", "archive.html"),
            await site.SaveAsync("/search?q=Gaussian", "search.html"),
            await site.SaveAsync("/search?q=Gaussian&page=x", "search-bad-page.html", 400),
            await site.SaveAsync("/search?q=Gaussian&mode=hybrid", "search-hybrid.html"),
            await site.SaveAsync("/for/me", "profile.html"),
            await site.SaveAsync("/for/me?date=2024-08-15", "profile-day.html"),
            await site.SaveAsync("/no/such/page", "not-found.html", 404),
        ];

        // When html-validate checks them with its recommended preset (tools/validators/htmlvalidate.config.cjs)
        var (exitCode, report) = await NodeValidators.RunAsync("html-validate", ["--config", Path.Combine(NodeValidators.Folder, "htmlvalidate.config.cjs"), .. pages]);
        output.WriteLine(report);

        // Then none has an error
        Assert.True(exitCode == 0, $"html-validate found errors:\n{report}");
    }
}
