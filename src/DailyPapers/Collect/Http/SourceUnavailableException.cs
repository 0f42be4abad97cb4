namespace DailyPapers.Collect.Http;

/// <summary>A remote service could not be reached or kept failing; the message says which host and why.</summary>
public sealed class SourceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
