using System.Net;

namespace DailyPapers.Collect.Http;

/// <summary>The one GET of a day source: the body, or the failure as a <see cref="SourceUnavailableException"/> naming the URL.</summary>
public static class SourceHttp
{
    /// <summary>
    /// The response body of <paramref name="url"/>. A 404 is <see cref="DayNotFoundException"/> when
    /// <paramref name="notFoundMeans"/> says what it means for the source, any other failing status or a transport
    /// failure (after the client's retries) a <see cref="SourceUnavailableException"/>.
    /// </summary>
    public static async Task<byte[]> GetBodyAsync(HttpClient client, Uri url, string? notFoundMeans, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound && notFoundMeans is not null)
                throw new DayNotFoundException($"{url}: HTTP 404, {notFoundMeans}");
            if (!response.IsSuccessStatusCode)
                throw new SourceUnavailableException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException
                                   || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new SourceUnavailableException($"{url}: {HttpFailure.Describe(ex)}", ex);
        }
    }
}
