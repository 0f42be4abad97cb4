using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DailyPapers.Collect.Http;

/// <summary>Turns transport failures into short reasons a user can act on.</summary>
public static class HttpFailure
{
    /// <summary>True when the failure means the host cannot be reached at all, so retrying soon is pointless.</summary>
    public static bool IsUnreachable(Exception ex) =>
        Socket(ex) is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain or SocketError.NetworkUnreachable
            or SocketError.HostUnreachable or SocketError.ConnectionRefused or SocketError.NetworkDown
        || ex is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }
        || IsConnectTimeout(ex);

    /// <summary>SocketsHttpHandler's ConnectTimeout (the clients' own timeout is infinite; the pipeline's is TimeoutRejectedException).</summary>
    private static bool IsConnectTimeout(Exception ex) => ex is TaskCanceledException { InnerException: TimeoutException };

    /// <summary>A one-line reason, e.g. "name not resolved", "timed out", "circuit open".</summary>
    public static string Describe(Exception ex) => ex switch
    {
        HostUnreachableException u => u.Message,
        BrokenCircuitException => "too many recent failures; the circuit for this host is open",
        TimeoutRejectedException t => $"timed out after {t.Timeout.TotalSeconds:0.#} s",
        _ when IsConnectTimeout(ex) => "could not connect in time (no network?)",
        TaskCanceledException or OperationCanceledException => "timed out",
        HttpRequestException { StatusCode: { } code } => $"HTTP {(int)code} {code}",
        _ when Socket(ex) is { } s => s switch
        {
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host name not resolved (no network or DNS?)",
            SocketError.NetworkUnreachable or SocketError.NetworkDown => "network unreachable",
            SocketError.HostUnreachable => "no route to host",
            SocketError.ConnectionRefused => "connection refused",
            _ => $"network error ({s})",
        },
        HttpRequestException h when h.InnerException is IOException io => $"connection broken while reading ({io.Message})",
        _ => ex.Message,
    };

    private static SocketError? Socket(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is SocketException s) return s.SocketErrorCode;
        return null;
    }
}

/// <summary>The host was found unreachable moments ago; no request was sent.</summary>
public sealed class HostUnreachableException(string message) : HttpRequestException(message);
