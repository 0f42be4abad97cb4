namespace DailyPapers.Storage;

/// <summary>Where a message of a delivery stands.</summary>
public enum DeliveryState
{
    /// <summary>About to be handed to the service; a row left in this state means the sender stopped before it knew the outcome.</summary>
    Sending,
    /// <summary>The service accepted it.</summary>
    Sent,
    /// <summary>The service refused it, or it could not be reached (the error says which).</summary>
    Failed,
    /// <summary>It was sent, then deleted because the day's content no longer has it.</summary>
    Retracted,
}

/// <summary>
/// One message of one channel's delivery of a day in a language: <paramref name="Part"/> names the message within the
/// delivery (the day's parent message, one paper, one recipient), <paramref name="ContentHash"/> what was sent, and
/// <paramref name="MessageRef"/> the service's id for it (Slack's ts, Discord's and Telegram's message id), used to edit.
/// </summary>
public sealed record DeliveryRecord(string Channel, DateOnly Date, string Language, string Part, string ContentHash,
    DeliveryState State, string? MessageRef, string? Error, DateTimeOffset UpdatedAt);

/// <summary>An e-mail address on a channel's list.</summary>
public sealed record Subscriber(string List, string Email, DateTimeOffset AddedAt);

/// <summary>The store's delivery bookkeeping and subscriber lists (both stores implement it).</summary>
public interface IDeliveryStore
{
    /// <summary>Every message recorded for a channel, date and language.</summary>
    Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string channel, DateOnly date, string language, CancellationToken cancellationToken);

    /// <summary>Records (or replaces) the state of one message.</summary>
    Task SaveDeliveryAsync(DeliveryRecord record, CancellationToken cancellationToken);

    /// <summary>Adds an address to a list; false when it was already there.</summary>
    Task<bool> AddSubscriberAsync(string list, string email, CancellationToken cancellationToken);

    /// <summary>Removes an address from a list; false when it was not there.</summary>
    Task<bool> RemoveSubscriberAsync(string list, string email, CancellationToken cancellationToken);

    /// <summary>The addresses of a list (every list when <paramref name="list"/> is null), by list then address.</summary>
    Task<IReadOnlyList<Subscriber>> GetSubscribersAsync(string? list, CancellationToken cancellationToken);
}
