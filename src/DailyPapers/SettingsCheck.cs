using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DailyPapers;

/// <summary>
/// Start-up checks of one options section. Every failure names the configuration key; URLs are never echoed,
/// since a value pasted in the wrong key may be a secret.
/// </summary>
public sealed class SettingsCheck(string section)
{
    private readonly List<string> _failures = [];

    /// <summary>The failures found so far, each a sentence naming its key.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>The full key of a property of the section, e.g. <c>DailyPapers:Llm:Endpoint</c>.</summary>
    public string Key(string name) => $"{section}:{name}";

    /// <summary>Fails with <paramref name="message"/> unless <paramref name="ok"/>.</summary>
    public SettingsCheck That(bool ok, string message)
    {
        if (!ok) _failures.Add(message);
        return this;
    }

    /// <summary>An absolute http(s) URL; empty is allowed when <paramref name="optional"/> (the default applies then).</summary>
    public SettingsCheck Url(string? value, string name, bool optional = false) =>
        optional && string.IsNullOrWhiteSpace(value) ? this : That(IsHttpUrl(value), $"{Key(name)} is not an absolute http(s) URL");

    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public SettingsCheck AtLeast(long value, long min, string name) =>
        That(value >= min, $"{Key(name)} must be at least {min}, got {value}");

    /// <summary>A number between <paramref name="min"/> and <paramref name="max"/> inclusive.</summary>
    public SettingsCheck Between(double value, double min, double max, string name) =>
        That(value >= min && value <= max, FormattableString.Invariant($"{Key(name)} must be between {min} and {max}, got {value}"));

    /// <summary>A duration above zero (or zero when <paramref name="zeroAllowed"/>).</summary>
    public SettingsCheck Duration(TimeSpan value, string name, bool zeroAllowed = false) =>
        That(zeroAllowed ? value >= TimeSpan.Zero : value > TimeSpan.Zero,
            $"{Key(name)} must be a duration {(zeroAllowed ? "of zero or more" : "above zero")} (hh:mm:ss), got {value}");

    /// <summary>True for an absolute http or https URL.</summary>
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

/// <summary>Binds options sections with their start-up checks.</summary>
public static class SettingsCheckRegistration
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and checks it when the host starts (or the CLI validates).</summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, string section, Action<T, SettingsCheck> check) where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new Checker<T>(section, check)));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private sealed class Checker<T>(string section, Action<T, SettingsCheck> check) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            if (name != Options.DefaultName) return ValidateOptionsResult.Skip;
            var result = new SettingsCheck(section);
            check(options, result);
            return result.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(result.Failures);
        }
    }
}
