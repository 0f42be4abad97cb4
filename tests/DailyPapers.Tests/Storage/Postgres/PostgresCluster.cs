using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace DailyPapers.Tests.Storage.Postgres;

/// <summary>
/// A throwaway PostgreSQL server for one test run: initdb into a temp folder, listening on 127.0.0.1 only on a free
/// port, run as the <c>postgres</c> OS user when the tests run as root; stopped and deleted at the end.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string User = "dailypapers";
    private string _root = "";
    private string _data = "";
    private string _bin = "";
    private bool _asPostgres;
    private int _databases;

    /// <summary>The superuser's password (scram-sha-256 authentication, so tests use a real password).</summary>
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The port the server listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>A connection string to <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Password = Password, Database = database }.ToString();

    /// <summary>A new empty database, for one test.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "t" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
        await using var c = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
        await cmd.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL's server programs (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin or on PATH; run test.sh as root to install Debian's postgresql, or apt-get install -y postgresql");
        _asPostgres = Environment.UserName == "root";
        _root = Directory.CreateTempSubdirectory("dailypapers-pg-").FullName;
        _data = Path.Combine(_root, "data");
        var pwfile = Path.Combine(_root, "pw");
        await File.WriteAllTextAsync(pwfile, Password);
        if (_asPostgres) await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", _data, "-U", User, "--pwfile", pwfile, "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C.UTF-8"]);
        File.Delete(pwfile);
        Port = FreePort();
        var options = string.Join(' ',
            $"-p {Port}", "-c listen_addresses=127.0.0.1", $"-c unix_socket_directories={_root}", "-c fsync=off",
            "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=200");
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-l", Path.Combine(_root, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            try { await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "stop"]); }
            catch (InvalidOperationException) { /* already stopped; the folder goes anyway */ }
        }
        if (_root.Length > 0 && Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static string? FindBin()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            : Enumerable.Empty<string>();
        foreach (var dir in versions.Select(d => Path.Combine(d, "bin")).Append("/usr/local/bin").Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')))
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunAsync(string program, IReadOnlyList<string> args) => RunAsync(program, args, _asPostgres);

    private static async Task RunAsync(string program, IReadOnlyList<string> args, bool asPostgres)
    {
        var psi = new ProcessStartInfo(asPostgres ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres) foreach (var a in new[] { "-u", "postgres", "--", program }) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"the test PostgreSQL server could not start: {Path.GetFileName(program)} exited with {process.ExitCode}: {await stderr}{await stdout}");
    }
}

/// <summary>Every test that needs the PostgreSQL server shares one cluster per run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "postgres";
}
