namespace DailyPapers.Storage;

/// <summary>
/// A store that cannot be opened, read or written, whatever its database: the message names the store and what
/// failed (never a password). An <see cref="InvalidOperationException"/>, so hosts report it as a user's problem.
/// </summary>
public sealed class StoreException(string message, Exception? innerException = null) : InvalidOperationException(message, innerException);
