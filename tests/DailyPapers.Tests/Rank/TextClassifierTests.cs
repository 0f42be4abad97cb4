using DailyPapers.Rank;

namespace DailyPapers.Tests.Rank;

public sealed class TextClassifierTests
{
    [Fact]
    public void With_vectors_the_svm_learns_from_the_embedding_as_well_as_the_words()
    {
        // Given positives and negatives whose texts are the same words, told apart only by their vectors
        static float[] Near(int axis, int seed)
        {
            var rng = new Random(seed);
            var v = new float[8];
            for (var i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() - 0.5) * 0.2f;
            v[axis] += 1;
            return VectorMath.Normalized(v);
        }
        var texts = Enumerable.Range(0, 12).Select(i => $"a study of methods and results number {i % 3}").ToList();
        var positives = Enumerable.Range(0, 12).Select(i => Near(0, i)).ToList();
        var negatives = Enumerable.Range(0, 12).Select(i => Near(1, 100 + i)).ToList();

        // When one SVM is trained on words alone and one on words and vectors
        var wordsOnly = TextClassifier.Train(texts, texts)!;
        var both = TextClassifier.Train(texts, texts, positives, negatives, 1f)!;

        // Then words alone cannot tell a new text's class, while words and vectors rank the positive-like one first
        var query = "a study of methods and results number 1";
        var plain = wordsOnly.Score([query, query]);
        Assert.Equal(plain[0], plain[1]);
        Assert.False(wordsOnly.UsesVectors);
        Assert.True(both.UsesVectors);
        var scores = both.Score([query, query], [Near(0, 999), Near(1, 998)]);
        Assert.True(scores[0] > scores[1], $"positive-like {scores[0]:F3}, negative-like {scores[1]:F3}");
        Assert.Throws<ArgumentException>(() => both.Score([query], null));
    }
}
