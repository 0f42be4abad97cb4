using DailyPapers.Postgres;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Tests.Storage;

public sealed class StoreProviderTests
{
    private static IHost Host(params (string Key, string Value)[] settings) => Host(true, settings);

    private static IHost Host(bool withPostgres, params (string Key, string Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration["DailyPapers:Store:Path"] = Path.Combine(TestPaths.NewTempFolder(), "s.db");
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        builder.AddDailyPapersCore();
        if (withPostgres) builder.Services.AddDailyPapersPostgres();
        return builder.Build();
    }

    [Fact]
    public void Without_a_provider_the_store_is_sqlite_and_postgres_is_chosen_by_name()
    {
        // Given hosts with no provider, and with postgres and a connection string
        using var plain = Host();
        using var postgres = Host(("DailyPapers:Store:Provider", "postgres"), ("DailyPapers:Store:ConnectionString", "Host=127.0.0.1;Port=1;Username=u;Database=d"));

        // When each resolves its store
        var a = plain.Services.GetRequiredService<IPaperStore>();
        var b = postgres.Services.GetRequiredService<IPaperStore>();

        // Then they are the store asked for
        Assert.IsType<SqlitePaperStore>(a);
        Assert.Equal("postgres://u@127.0.0.1:1/d", Assert.IsType<PostgresPaperStore>(b).Name);
    }

    [Theory]
    [InlineData("mysql", null, "DailyPapers:Store:Provider is 'mysql'; use 'sqlite' (the default) or 'postgres'")]
    [InlineData("postgres", null, "the store provider is 'postgres' but DailyPapers:Store:ConnectionString (DAILYPAPERS__STORE__CONNECTIONSTRING) is not set")]
    [InlineData("postgres", " ", "the store provider is 'postgres' but DailyPapers:Store:ConnectionString (DAILYPAPERS__STORE__CONNECTIONSTRING) is not set")]
    public void A_bad_store_configuration_is_a_clear_error_when_the_store_is_first_needed(string provider, string? connectionString, string expected)
    {
        // Given a host configured with a bad provider or no connection string (building it does not fail)
        using var host = connectionString is null
            ? Host(("DailyPapers:Store:Provider", provider))
            : Host(("DailyPapers:Store:Provider", provider), ("DailyPapers:Store:ConnectionString", connectionString));

        // When the store is needed
        var ex = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IPaperStore>());

        // Then the error says what to set
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Postgres_named_without_its_module_registered_says_what_to_add()
    {
        // Given a host that names postgres but registers only the core
        using var host = Host(false, ("DailyPapers:Store:Provider", "postgres"), ("DailyPapers:Store:ConnectionString", "Host=127.0.0.1;Port=1;Username=u;Database=d"));

        // When the store is needed
        var ex = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IPaperStore>());

        // Then the error names the module and its registration call
        Assert.Equal("DailyPapers:Store:Provider is 'postgres' but this program has no PostgreSQL store: reference DailyPapers.Postgres and call services.AddDailyPapersPostgres()", ex.Message);
    }

    [Fact]
    public void An_unknown_provider_without_postgres_registered_names_only_sqlite()
    {
        using var host = Host(false, ("DailyPapers:Store:Provider", "mysql"));
        var ex = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IPaperStore>());
        Assert.Equal("DailyPapers:Store:Provider is 'mysql'; use 'sqlite' (the default)", ex.Message);
    }
}
