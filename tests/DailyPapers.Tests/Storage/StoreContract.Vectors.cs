using DailyPapers.Papers;
using DailyPapers.Rank;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

// Paper vectors per paper and model, in every store.
public abstract partial class StoreContract
{
    [Fact]
    public async Task Vectors_are_kept_per_paper_and_model_replaced_in_place_and_read_back_exactly()
    {
        // Given the sample day stored, and vectors of two papers under two models
        var store = await NewStoreAsync();
        var day = Fixtures.SampleDay();
        await store.SaveDayAsync(day, None);
        var vectors = (IPaperVectors)store;
        var a = day.Entries[0].Paper.ArxivId;
        var b = day.Entries[1].Paper.ArxivId;
        await vectors.SaveVectorsAsync([
            new StoredVector(a, "m1", "h-a", [0.6f, 0.8f, 0f]),
            new StoredVector(b, "m1", "h-b", [1f, 0f, -0.25f]),
            new StoredVector(a, "m2", "h-a2", [0f, 0f, 1f, 0f]),
        ], None);

        // When one is replaced (its text changed) and they are read back
        await vectors.SaveVectorsAsync([new StoredVector(a, "m1", "h-a-new", [0f, 1f, 0f])], None);
        var some = await vectors.GetVectorsAsync("m1", [a, "2401.00000"], None);
        var all = await vectors.GetAllVectorsAsync("m1", None);

        // Then each model keeps its own, the replaced one has its new text hash and values, and unknown ids are absent
        Assert.Equal([(a, "h-a-new", new[] { 0f, 1f, 0f })], some.Select(v => (v.ArxivId, v.TextHash, v.Vector)));
        Assert.Equal(2, all.Count);
        Assert.Equal([1f, 0f, -0.25f], all.Single(v => v.ArxivId == b).Vector);
        Assert.Equal(2, await vectors.CountVectorsAsync("m1", None));
        Assert.Equal(1, await vectors.CountVectorsAsync("m2", None));
        Assert.Equal(0, await vectors.CountVectorsAsync("unknown", None));
        Assert.Equal(new[] { 0f, 0f, 1f, 0f }, (await vectors.GetAllVectorsAsync("m2", None)).Single().Vector);
    }

    [Fact]
    public async Task A_vector_for_a_paper_not_in_the_store_is_refused_as_a_store_error()
    {
        // Given an empty store
        var vectors = (IPaperVectors)await NewStoreAsync();

        // When a vector of an unknown paper is saved, then the store refuses it with its name
        var ex = await Assert.ThrowsAsync<StoreException>(() => vectors.SaveVectorsAsync([new StoredVector("2401.00001", "m", "h", [1f])], None));
        Assert.Contains("the store", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await vectors.CountVectorsAsync("m", None));
    }

    [Fact]
    public async Task The_similar_papers_index_sees_vectors_saved_after_it_was_loaded()
    {
        // Given the sample day stored with two vectors, and an index that has answered once
        var (_, _, vectors, ids, index) = await IndexOverTwoVectorsAsync();
        var before = await index.NearestAsync([0.8f, 0.6f], 5, null, None);

        // When a third vector is stored and the index is asked again
        await vectors.SaveVectorsAsync([new StoredVector(ids[2], "m", "h", VectorMath.Normalized([0.9f, 0.5f]))], None);
        var after = await index.NearestAsync([0.8f, 0.6f], 2, new HashSet<string> { ids[0] }, None);

        // Then the first answer had the two, and the second has the new one first, the excluded one left out
        Assert.Equal([ids[0], ids[1]], before.Select(h => h.ArxivId));
        Assert.Equal([ids[2], ids[1]], after.Select(h => h.ArxivId));
    }

    [Fact]
    public async Task The_similar_papers_index_sees_a_vector_re_encoded_in_place_and_does_not_reload_for_other_writes()
    {
        // Given the sample day stored with two vectors, and an index that has answered once
        var (store, day, vectors, ids, index) = await IndexOverTwoVectorsAsync();
        var before = await index.NearestAsync([1f, 0f], 1, null, None);

        // When another table is written (the day saved again), and the index is asked
        await store.SaveDayAsync(day, None);
        var unchanged = await index.NearestAsync([1f, 0f], 1, null, None);
        var loadsAfterOtherWrite = index.Loads;

        // And when the first paper is re-encoded in place (same count of vectors) and the index is asked again
        await vectors.SaveVectorsAsync([new StoredVector(ids[0], "m", "h2", [-1f, 0f])], None);
        var after = await index.NearestAsync([1f, 0f], 1, null, None);

        // Then the other write did not reload the matrix, and the re-encoded vector is seen (the first paper is no longer nearest)
        Assert.Equal(ids[0], before.Single().ArxivId);
        Assert.Equal(ids[0], unchanged.Single().ArxivId);
        Assert.Equal(1, loadsAfterOtherWrite);
        Assert.Equal(ids[1], after.Single().ArxivId);
        Assert.Equal(2, index.Loads);
    }

    // The sample day stored, vectors [1, 0] and [0, 1] for its first two papers under model "m", and an index over them.
    private async Task<(IPaperStore Store, DayFeed Day, IPaperVectors Vectors, List<string> Ids, VectorIndex Index)> IndexOverTwoVectorsAsync()
    {
        var store = await NewStoreAsync();
        var day = Fixtures.SampleDay();
        await store.SaveDayAsync(day, None);
        var vectors = (IPaperVectors)store;
        var ids = day.Entries.Select(e => e.Paper.ArxivId).ToList();
        await vectors.SaveVectorsAsync([new StoredVector(ids[0], "m", "h", [1f, 0f]), new StoredVector(ids[1], "m", "h", [0f, 1f])], None);
        // The index reads through the writing instance: a write by another PostgreSQL client shows within a second, by design.
        return (store, day, vectors, ids, new VectorIndex(vectors, "m"));
    }
}
