using System.Text.Json;
using DailyPapers.Papers;
using Npgsql;

namespace DailyPapers.Storage.Postgres;

/// <summary>Command helpers and the fetch log of the PostgreSQL store (table <c>fetches</c>).</summary>
public sealed partial class PostgresPaperStore : IFetchLog
{
    /// <inheritdoc />
    public Task SaveFetchAsync(FetchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return WriteAsync((c, tx) => ExecAsync(c, tx, "INSERT INTO fetches (date, status, fetched_at, report_json) VALUES (@date, @status, @at, @json)", cancellationToken,
            ("date", report.Date), ("status", report.Status.ToString()), ("at", report.FinishedAt),
            ("json", JsonSerializer.Serialize(report, Json))), cancellationToken);
    }

    /// <inheritdoc />
    public Task<FetchReport?> GetLatestFetchAsync(DateOnly date, CancellationToken cancellationToken) =>
        ReadJsonAsync<FetchReport>("SELECT report_json FROM fetches WHERE date = @date ORDER BY id DESC LIMIT 1", cancellationToken, ("date", date));

    private static NpgsqlCommand Command(NpgsqlConnection c, string sql, params (string Name, object? Value)[] args) =>
        Command(c, null, sql, args);

    private static NpgsqlCommand Command(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (name, value) in args)
        {
            // timestamptz takes UTC values only; text and jsonb refuse the NUL character, so it becomes U+FFFD.
            cmd.Parameters.AddWithValue(name, value switch
            {
                null => DBNull.Value,
                DateTimeOffset t => t.ToUniversalTime(),
                string s => Storable(s),
                _ => value,
            });
        }
        return cmd;
    }

    /// <summary>
    /// The text as PostgreSQL can store it: NUL and unpaired surrogates become U+FFFD, and inside a JSON document
    /// (which starts with '{' or '[') so does the escape \u0000, which jsonb refuses. Other text is left alone.
    /// </summary>
    internal static string Storable(string text)
    {
        char[]? fixedText = null;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            var bad = ch == '\0'
                || (char.IsHighSurrogate(ch) && (i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])))
                || (char.IsLowSurrogate(ch) && (i == 0 || !char.IsHighSurrogate(text[i - 1])));
            if (!bad) continue;
            fixedText ??= text.ToCharArray();
            fixedText[i] = '\uFFFD';
        }
        var result = fixedText is null ? text : new string(fixedText);
        return result.Length > 0 && result[0] is '{' or '[' && result.Contains("\\u0000", StringComparison.Ordinal)
            ? result.Replace("\\u0000", "\\uFFFD", StringComparison.Ordinal)
            : result;
    }

    private static async Task ExecAsync(NpgsqlConnection c, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        await using var cmd = Command(c, tx, sql, args);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private Task<T?> ReadJsonAsync<T>(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] args) where T : class =>
        RunAsync(async c =>
        {
            await using var cmd = Command(c, sql, args);
            return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json ? JsonSerializer.Deserialize<T>(json, Json) : null;
        }, cancellationToken);

    private static async Task<IReadOnlyList<T>> ReadListAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var cmd = command;
        var list = new List<T>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) list.Add(read(r));
        return list;
    }

    private static DateTimeOffset? ReadTime(System.Data.Common.DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : new DateTimeOffset(r.GetFieldValue<DateTime>(i), TimeSpan.Zero);
}
