using DailyPapers.Tests.Cli;
using DailyPapers.Tests.Storage.Postgres;
using Npgsql;

namespace DailyPapers.Tests.Deliver;

/// <summary>Delivery with the PostgreSQL store: the same records, the same exactly-once behaviour.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDeliveryTests(PostgresCluster cluster)
{
    [Fact]
    public async Task A_day_in_postgres_is_delivered_once_and_its_records_and_subscribers_are_kept_there()
    {
        // Given a digest stored in PostgreSQL, a Slack channel and an e-mail channel with one subscriber
        await using var slack = await ChatServer.StartAsync();
        await using var smtp = await SmtpTestServer.StartAsync();
        var connectionString = await cluster.NewDatabaseAsync();
        var env = new Dictionary<string, string>
        {
            ["DAILYPAPERS__STORE__PROVIDER"] = "postgres",
            ["DAILYPAPERS__STORE__CONNECTIONSTRING"] = connectionString,
            ["DAILYPAPERS__DELIVERY__SECRET"] = "s",
            ["DAILYPAPERS__DELIVERY__PUBLICURL"] = "https://papers.example.org",
            ["DAILYPAPERS__CHANNELS__team__KIND"] = "slack",
            ["DAILYPAPERS__CHANNELS__team__URL"] = slack.BaseUrl + "/api",
            ["DAILYPAPERS__CHANNELS__team__TOKEN"] = ChatServer.SlackToken,
            ["DAILYPAPERS__CHANNELS__team__TO"] = "C0123",
            ["DAILYPAPERS__CHANNELS__mail__KIND"] = "email",
            ["DAILYPAPERS__CHANNELS__mail__URL"] = smtp.Url,
            ["DAILYPAPERS__CHANNELS__mail__FROM"] = "digest@example.org",
        };
        Assert.Equal(0, (await CliRunner.RunAsync(env, "digest", "--date", "2024-08-15")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(env, "subscribers", "add", "mail", "kim@example.org")).ExitCode);

        // When the day is delivered twice
        var first = await CliRunner.RunAsync(env, "deliver", "--date", "2024-08-15");
        var second = await CliRunner.RunAsync(env, "deliver", "--date", "2024-08-15");

        // Then Slack got the thread once and the subscriber one e-mail, and PostgreSQL holds one record per message
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(9, slack.Messages.Count);
        Assert.Equal(["kim@example.org"], smtp.Received.SelectMany(r => r.To));
        Assert.Contains("team (slack, ko): 8 papers; 0 sent, 0 edited, 9 unchanged", second.Stderr, StringComparison.Ordinal);
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT (SELECT count(*) FROM deliveries WHERE state = 'Sent') * 100 + (SELECT count(*) FROM subscribers)", c);
        Assert.Equal(1001L, await cmd.ExecuteScalarAsync());
    }
}
