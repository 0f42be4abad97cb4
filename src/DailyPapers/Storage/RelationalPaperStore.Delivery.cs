namespace DailyPapers.Storage;

// The delivery bookkeeping and subscriber lists, in SQL both databases run as written.
public abstract partial class RelationalPaperStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string channel, DateOnly date, string language, CancellationToken cancellationToken) =>
        ReadListAsync("""
            SELECT channel, date, language, part, content_hash, state, message_ref, error, updated_at FROM deliveries
            WHERE channel = @channel AND date = @date AND language = @language ORDER BY part
            """, r => new DeliveryRecord(r.GetString(0), ReadDate(r, 1), r.GetString(2), r.GetString(3), r.GetString(4),
                Enum.Parse<DeliveryState>(r.GetString(5)), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
                ReadTime(r, 8) ?? DateTimeOffset.MinValue),
            cancellationToken, ("channel", channel), ("date", date), ("language", language));

    /// <inheritdoc />
    public Task SaveDeliveryAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return WriteAsync((c, tx) => ExecAsync(c, tx, """
            INSERT INTO deliveries (channel, date, language, part, content_hash, state, message_ref, error, updated_at)
            VALUES (@channel, @date, @language, @part, @hash, @state, @ref, @error, @at)
            ON CONFLICT (channel, date, language, part) DO UPDATE SET content_hash = excluded.content_hash, state = excluded.state,
                message_ref = excluded.message_ref, error = excluded.error, updated_at = excluded.updated_at
            """, cancellationToken,
            ("channel", record.Channel), ("date", record.Date), ("language", record.Language), ("part", record.Part), ("hash", record.ContentHash),
            ("state", record.State.ToString()), ("ref", record.MessageRef), ("error", record.Error), ("at", record.UpdatedAt)), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> AddSubscriberAsync(string list, string email, CancellationToken cancellationToken)
    {
        var added = false;
        await WriteAsync(async (c, tx) =>
        {
            await using var cmd = Command(c, tx, "INSERT INTO subscribers (list, email, added_at) VALUES (@list, @email, @at) ON CONFLICT (list, email) DO NOTHING",
                ("list", list), ("email", email), ("at", DateTimeOffset.UtcNow));
            added = await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }, cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveSubscriberAsync(string list, string email, CancellationToken cancellationToken)
    {
        var removed = false;
        await WriteAsync(async (c, tx) =>
        {
            await using var cmd = Command(c, tx, "DELETE FROM subscribers WHERE list = @list AND email = @email", ("list", list), ("email", email));
            removed = await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }, cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Subscriber>> GetSubscribersAsync(string? list, CancellationToken cancellationToken) =>
        // Two statements rather than "@list IS NULL OR ...": PostgreSQL cannot type a parameter that is only compared with NULL.
        ReadListAsync(list is null
                ? "SELECT list, email, added_at FROM subscribers ORDER BY list, email"
                : "SELECT list, email, added_at FROM subscribers WHERE list = @list ORDER BY list, email",
            r => new Subscriber(r.GetString(0), r.GetString(1), ReadTime(r, 2) ?? DateTimeOffset.MinValue), cancellationToken, ("list", list));
}
