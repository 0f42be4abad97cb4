using System.Net;
using DailyPapers.Hosting;
using DailyPapers.Tests.Llm;

namespace DailyPapers.Web.Tests.Hosting;

/// <summary>Changes the process's user-secrets root (APPDATA), so it runs alone: no other host may read these secrets.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UserSecretsCollection
{
    public const string Name = "user secrets (process-wide APPDATA)";
}

[Collection(UserSecretsCollection.Name)]
public sealed class UserSecretsTests : IAsyncLifetime
{
    private ScriptedModelServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedModelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_standalone_host_reads_the_shared_user_secrets_in_production()
    {
        // Given user secrets (under the CLI's id, which every host shares) holding the admin token and the API key,
        // and neither set anywhere else
        var root = Directory.CreateTempSubdirectory("dailypapers-web-tests-").FullName;
        var folder = Path.Combine(root, "Microsoft", "UserSecrets", DailyPapersHosting.UserSecretsId);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "secrets.json"),
            """{ "DailyPapers:Web:AdminToken": "token-from-user-secrets", "DailyPapers:Llm:ApiKey": "sk-from-user-secrets" }""");
        _server.Fallback = _ => ScriptedReply.Json(ScriptedReply.KoreanJson());
        var previous = Environment.GetEnvironmentVariable("APPDATA");
        Environment.SetEnvironmentVariable("APPDATA", root); // where user secrets live when it is set (as on Windows)
        try
        {
            // When the standalone app (Production: the framework itself reads no user secrets there) gets a run with that token
            await using var app = StandaloneHostTests.App(_server, Path.Combine(root, "store.db"), []);
            using var client = app.CreateClient();
            var run = await StandaloneHostTests.TriggerAsync(client, "token-from-user-secrets");

            // Then the token was accepted and the model calls carried the key from the secrets
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);
            Assert.NotEmpty(_server.Requests);
            Assert.All(_server.Requests, r => Assert.Equal("Bearer sk-from-user-secrets", r.Headers["authorization"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("APPDATA", previous);
        }
    }
}
