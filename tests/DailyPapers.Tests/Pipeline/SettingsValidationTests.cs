using DailyPapers.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Pipeline;

/// <summary>Every options class is checked when a host starts, by the composition root every host uses.</summary>
public sealed class SettingsValidationTests
{
    private static List<string> StartupFailures(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(OfflineSettings.With(OfflineSettings.Off, settings));
        builder.AddDailyPapers();
        using var host = builder.Build();
        try
        {
            host.Services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (AggregateException ex)
        {
            return [.. ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(o => o.Failures).Distinct()];
        }
    }

    [Fact]
    public void The_defaults_and_the_offline_test_settings_are_valid() =>
        Assert.Empty(StartupFailures(new() { ["DailyPapers:Store:Path"] = Path.Combine(TestPaths.NewTempFolder(), "s.db") }));

    [Theory]
    [InlineData("DailyPapers:Digest:Language", "ko,e$", "DailyPapers:Digest:Language: 'e$' is not a BCP-47 language code")]
    [InlineData("DailyPapers:Verify:MinSectionLength", "2000", "DailyPapers:Verify:MinSectionLength (2000) is above DailyPapers:Verify:MaxSectionLength (1500)")]
    [InlineData("DailyPapers:Verify:MinTargetScriptShare", "1.5", "DailyPapers:Verify:MinTargetScriptShare must be between 0 and 1, got 1.5")]
    [InlineData("DailyPapers:Http:MaxRetries", "-1", "DailyPapers:Http:MaxRetries must be at least 0, got -1")]
    [InlineData("DailyPapers:Http:AttemptTimeout", "00:00:00", "DailyPapers:Http:AttemptTimeout must be a duration above zero")]
    [InlineData("DailyPapers:HuggingFace:BaseUrl", "huggingface.co", "DailyPapers:HuggingFace:BaseUrl is not an absolute http(s) URL")]
    [InlineData("DailyPapers:HuggingFace:Period", "fortnight", "DailyPapers:HuggingFace:Period is not a period: expected day, week, month")]
    [InlineData("DailyPapers:HuggingFace:Sort", "newest", "DailyPapers:HuggingFace:Sort is not an order: expected empty or trending")]
    [InlineData("DailyPapers:HuggingFace:Limit", "101", "DailyPapers:HuggingFace:Limit is 101: expected 0 (the API's default) to 100")]
    [InlineData("DailyPapers:HuggingFace:Pages", "0", "DailyPapers:HuggingFace:Pages is 0: expected 1 to 100")]
    [InlineData("DailyPapers:Arxiv:ApiUrl", "ftp://export.arxiv.org/api/query", "DailyPapers:Arxiv:ApiUrl is not an absolute http(s) URL")]
    [InlineData("DailyPapers:Arxiv:BatchSize", "0", "DailyPapers:Arxiv:BatchSize must be at least 1, got 0")]
    [InlineData("DailyPapers:Llm:Provider", "gpt", "DailyPapers:Llm:Provider 'gpt' is not a provider (use openai, ollama, anthropic")]
    [InlineData("DailyPapers:Llm:MaxConcurrency", "0", "DailyPapers:Llm:MaxConcurrency must be at least 1, got 0")]
    [InlineData("DailyPapers:Llm:Temperature", "3", "DailyPapers:Llm:Temperature must be between 0 and 2, got 3")]
    public void A_bad_setting_is_a_start_up_error_naming_its_key(string key, string value, string expected)
    {
        var failures = StartupFailures(new() { [key] = value });

        Assert.Contains(failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_budget_cap_without_both_prices_names_the_three_keys()
    {
        var failures = StartupFailures(new() { ["DailyPapers:Llm:BudgetCap"] = "5", ["DailyPapers:Llm:InputPricePerMillionTokens"] = "2.5" });

        var failure = Assert.Single(failures);
        Assert.Equal("DailyPapers:Llm:BudgetCap is set but DailyPapers:Llm:InputPricePerMillionTokens and DailyPapers:Llm:OutputPricePerMillionTokens are not both set; the cap needs both prices to estimate the cost", failure);
    }

    [Fact]
    public void An_endpoint_that_is_not_a_url_is_named_but_never_echoed()
    {
        const string pasted = "sk-proj-abcdef0123456789";

        var failures = StartupFailures(new() { ["DailyPapers:Llm:Endpoint"] = pasted, ["DailyPapers:Arxiv:BaseUrl"] = pasted });

        Assert.Contains("DailyPapers:Llm:Endpoint is not an absolute http(s) URL", failures);
        Assert.Contains("DailyPapers:Arxiv:BaseUrl is not an absolute http(s) URL", failures);
        Assert.DoesNotContain(failures, f => f.Contains(pasted, StringComparison.Ordinal));
    }
}
