using System.Globalization;
using System.Net;
using DailyPapers.Collect.Http;
using DailyPapers.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Collect.HuggingFace;

/// <summary>
/// The live Daily Papers API: <c>GET {BaseUrl}/api/daily_papers?date=YYYY-MM-DD</c>. The date is sent as the calendar
/// date asked for (never converted through a time zone). A day with no papers throws <see cref="DayNotFoundException"/>
/// saying so; an unreachable or failing API throws <see cref="SourceUnavailableException"/>.
/// </summary>
public sealed class HuggingFaceApiSource(IHttpClientFactory http, IOptions<HuggingFaceOptions> options) : IDaySource
{
    /// <inheritdoc />
    public string Name => $"{options.Value.BaseUrl.TrimEnd('/')}/api/daily_papers";

    /// <summary>The request URL for a day.</summary>
    public Uri UrlFor(DateOnly date)
    {
        var baseUrl = options.Value.BaseUrl.TrimEnd('/');
        var text = $"{baseUrl}/api/daily_papers?date={date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException("DailyPapers:HuggingFace:BaseUrl is not an absolute http(s) URL"); // never echoed: it may be a pasted secret
    }

    /// <inheritdoc />
    public async Task<DayFeed> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            throw new SourceUnavailableException($"{Name}: the live API is turned off (DailyPapers:HuggingFace:Enabled=false)");
        var url = UrlFor(date);
        byte[] body;
        try
        {
            using var response = await http.CreateClient(HttpRegistration.HuggingFace).GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new DayNotFoundException($"{url}: HTTP 404, the API has no such day");
            if (!response.IsSuccessStatusCode)
                throw new SourceUnavailableException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException
                                   || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new SourceUnavailableException($"{url}: {HttpFailure.Describe(ex)}", ex);
        }
        var day = HuggingFaceFeedParser.Parse(body, url.ToString(), date);
        if (day.Entries.Count == 0 && day.Problems.Count == 0)
            throw new DayNotFoundException($"no papers that day: {url} lists none for {date:yyyy-MM-dd} (weekends and holidays have none)");
        return day;
    }

    /// <inheritdoc />
    public Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken) => Task.FromResult<DateOnly?>(null);
}
