namespace DailyPapers.Tests.Llm;

/// <summary>A test class with its own scripted model server on loopback, answering valid Korean JSON unless told otherwise.</summary>
public abstract class ScriptedServerTests : IAsyncLifetime
{
    /// <summary>The class's server, started before each test and stopped after it.</summary>
    private protected ScriptedModelServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ScriptedModelServer.StartAsync();
        Server.Fallback = _ => ScriptedReply.Json(ScriptedReply.KoreanJson());
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
