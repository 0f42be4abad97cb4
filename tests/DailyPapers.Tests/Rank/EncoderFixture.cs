using DailyPapers.Rank;

namespace DailyPapers.Tests.Rank;

/// <summary>One real MiniLM encoder for the tests of a class (loading the model takes about a second).</summary>
public sealed class EncoderFixture : IDisposable
{
    public MiniLmEncoder Encoder { get; } = new();

    public void Dispose() => Encoder.Dispose();
}

/// <summary>The real encoder, counting the texts it was asked to encode (to see what was reused from the store).</summary>
internal sealed class CountingEncoder(ITextEncoder inner) : ITextEncoder
{
    public int Encoded { get; private set; }
    public string Model => inner.Model;
    public int Dimensions => inner.Dimensions;

    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        Encoded += texts.Count;
        return inner.Encode(texts, cancellationToken);
    }
}
