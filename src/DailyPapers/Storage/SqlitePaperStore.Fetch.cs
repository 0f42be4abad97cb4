using System.Text.Json;
using DailyPapers.Papers;

namespace DailyPapers.Storage;

/// <summary>The fetch log of the SQLite store (table <c>fetches</c>).</summary>
public sealed partial class SqlitePaperStore : IFetchLog
{
    /// <inheritdoc />
    public async Task SaveFetchAsync(FetchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, null, "INSERT INTO fetches (date, status, fetched_at, report_json) VALUES ($date, $status, $at, $json)", cancellationToken,
            ("$date", Date(report.Date)), ("$status", report.Status.ToString()), ("$at", Time(report.FinishedAt)),
            ("$json", JsonSerializer.Serialize(report, Json))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<FetchReport?> GetLatestFetchAsync(DateOnly date, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT report_json FROM fetches WHERE date = $date ORDER BY id DESC LIMIT 1";
        cmd.Parameters.AddWithValue("$date", Date(date));
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? JsonSerializer.Deserialize<FetchReport>(json, Json)
            : null;
    }
}
