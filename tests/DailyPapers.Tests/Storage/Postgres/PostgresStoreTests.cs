using System.Globalization;
using DailyPapers.Storage.Postgres;
using Npgsql;

namespace DailyPapers.Tests.Storage.Postgres;

/// <summary>What only the PostgreSQL store has to get right: concurrent migration, connection errors, the password.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Processes_starting_at_once_migrate_a_new_database_exactly_once()
    {
        // Given a new database and four stores over it (as four processes would start)
        var connectionString = await cluster.NewDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresPaperStore(connectionString)).ToList();

        // When they all first touch it at the same moment
        await Task.WhenAll(stores.Select(s => Task.Run(() => s.GetDatesAsync(CancellationToken.None))));

        // Then each migration ran once and the schema records the latest version once
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT string_agg(version::text, ',') FROM dailypapers_schema", c);
        Assert.Equal(PostgresSchema.Migrations.Count.ToString(CultureInfo.InvariantCulture), await cmd.ExecuteScalarAsync());
        foreach (var s in stores) await s.DisposeAsync();
    }

    [Fact]
    public async Task A_wrong_password_names_the_store_and_never_shows_the_password()
    {
        // Given a connection string with a wrong password
        var wrong = "not-the-" + cluster.Password;
        var builder = new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")) { Password = wrong };
        await using var store = new PostgresPaperStore(builder.ToString());

        // When the store is first used
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetDatesAsync(CancellationToken.None));

        // Then the message says which store and what failed, without either password
        Assert.Contains($"the store 'postgres://dailypapers@127.0.0.1:{cluster.Port}/postgres'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Password, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_error_that_echoes_the_password_is_redacted()
    {
        // Given a connection string whose (missing) database happens to be named like the password, so the server echoes it
        var builder = new NpgsqlConnectionStringBuilder(cluster.ConnectionString(cluster.Password));
        await using var store = new PostgresPaperStore(builder.ToString());

        // When the store is first used
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetDatesAsync(CancellationToken.None));

        // Then the server's complaint is passed on with the password replaced
        Assert.Contains("database \"***\" does not exist", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Password, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_a_clear_error()
    {
        // Given a store pointing at a loopback port where nothing listens
        await using var store = new PostgresPaperStore("Host=127.0.0.1;Port=1;Username=u;Password=secret-x1;Database=d;Timeout=5");

        // When it is first used
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetDatesAsync(CancellationToken.None));

        // Then the error names the store and does not show the password
        Assert.StartsWith("cannot open the store 'postgres://u@127.0.0.1:1/d': ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-x1", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_echoing_it()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new PostgresPaperStore("Host=127.0.0.1;Passwrod=secret-x2"));

        Assert.StartsWith("the PostgreSQL store's connection string (DailyPapers:Store:ConnectionString) is invalid: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-x2", ex.Message, StringComparison.Ordinal);
    }
}
