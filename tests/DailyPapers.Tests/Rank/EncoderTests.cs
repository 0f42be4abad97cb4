using DailyPapers.Rank;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Rank;

public sealed class EncoderTests(EncoderFixture fixture) : IClassFixture<EncoderFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void A_new_encoder_does_not_load_the_model_until_it_encodes()
    {
        // Given a new encoder, resolved as a digest would resolve it
        using var encoder = new MiniLmEncoder();

        // Then the model is not loaded, and an empty batch does not load it either
        Assert.False(encoder.IsLoaded);
        Assert.Empty(encoder.Encode([], None));
        Assert.False(encoder.IsLoaded);
    }

    [Fact]
    public void Paraphrases_are_closer_than_unrelated_texts_and_vectors_have_unit_length()
    {
        // Given two texts about the same thing and one about something else
        var texts = new[]
        {
            "A transformer language model is fine-tuned to translate English into German.",
            "We adapt a large neural language model for English-German machine translation.",
            "Rainfall in coastal wetlands changes the nesting habits of shore birds.",
        };

        // When they are encoded
        var v = fixture.Encoder.Encode(texts, None);

        // Then each is a 384-dimension unit vector and the paraphrases are clearly closer than the unrelated pair
        Assert.All(v, x => Assert.Equal(384, x.Length));
        Assert.All(v, x => Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm(x), 0.999f, 1.001f));
        var close = VectorMath.Cosine(v[0], v[1]);
        var far = VectorMath.Cosine(v[0], v[2]);
        Assert.True(close > far + 0.3f, $"paraphrases {close:F3}, unrelated {far:F3}");
    }

    [Fact]
    public async Task Paper_vectors_are_encoded_once_per_model_and_again_when_the_abstract_changes()
    {
        // Given the sample day in a SQLite store
        var store = new SqlitePaperStore(Path.Combine(TestPaths.NewTempFolder(), "s.db"));
        var day = Fixtures.SampleDay();
        await store.SaveDayAsync(day, None);
        var counting = new CountingEncoder(fixture.Encoder);
        var vectors = new PaperVectors(counting, store, store);
        var papers = day.Entries.Select(e => e.Paper).ToList();

        // When the day's vectors are asked for twice, then once more after one abstract changed
        var first = await vectors.GetAsync(papers, None);
        var afterFirst = counting.Encoded;
        var second = await vectors.GetAsync(papers, None);
        var afterSecond = counting.Encoded;
        var changed = papers[0] with { Abstract = papers[0].Abstract + " We also release the code." };
        await store.SaveDayAsync(day with { Entries = [.. day.Entries.Select((e, i) => i == 0 ? e with { Paper = changed } : e)] }, None);
        await vectors.GetAsync([changed, .. papers.Skip(1)], None);

        // Then the first call encoded every paper and stored them, the second reused them all, and the change re-encoded one
        Assert.Equal(papers.Count, afterFirst);
        Assert.Equal(afterFirst, afterSecond);
        Assert.Equal(afterFirst + 1, counting.Encoded);
        Assert.Equal(papers.Count, await store.CountVectorsAsync(MiniLmEncoder.ModelName, None));
        Assert.All(papers, p => Assert.Equal(first[p.ArxivId], second[p.ArxivId]));
    }
}
