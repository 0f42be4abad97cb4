using System.Diagnostics;
using DailyPapers.Rank;
using DailyPapers.Summarize.Extractive.Model;

namespace DailyPapers.Benchmarks;

/// <summary>
/// The MiniLM embedding of every CSAbstruct sentence (train, dev and test, in file order), computed once and kept in a
/// file outside the repository, for the dev-only experiments of <see cref="RoleTuning"/> with sentence embeddings.
/// Encoding a sentence reads no label, so test's embeddings are features only; test is never scored here.
/// </summary>
internal static class SentenceEmbeddingCache
{
    public static string DefaultPath => Path.Combine(Path.GetTempPath(), "dailypapers-csabstruct-minilm.bin");

    /// <summary><c>roles-embed CSABSTRUCT_DIR [CACHE_FILE]</c>: writes the cache.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: roles-embed CSABSTRUCT_DIR [CACHE_FILE]");
            return 2;
        }
        var path = args.Length > 1 ? args[1] : DefaultPath;
        using var encoder = new MiniLmEncoder();
        var clock = Stopwatch.StartNew();
        var sentences = 0;
        using (var file = new BinaryWriter(File.Create(path + ".tmp")))
        {
            foreach (var split in new[] { "train", "dev", "test" })
            {
                var data = CsAbstruct.Read(Path.Combine(args[0], split + ".jsonl"));
                file.Write(data.Count);
                foreach (var a in data)
                {
                    var vectors = encoder.Encode(a.Sentences, CancellationToken.None);
                    file.Write(vectors.Count);
                    foreach (var v in vectors) foreach (var x in v) file.Write(x);
                    sentences += vectors.Count;
                }
                Console.WriteLine($"{split}: {data.Count} abstracts encoded, {sentences} sentences so far, {clock.Elapsed.TotalSeconds:0} s");
            }
        }
        File.Move(path + ".tmp", path, overwrite: true);
        Console.WriteLine($"{sentences} sentence embeddings in {path} ({clock.Elapsed.TotalSeconds:0} s)");
        return 0;
    }

    /// <summary>The embeddings of one split, one array of sentence vectors per abstract.</summary>
    public static float[][][] Read(string path, string split)
    {
        using var file = new BinaryReader(File.OpenRead(path));
        foreach (var name in new[] { "train", "dev", "test" })
        {
            var count = file.ReadInt32();
            var result = new float[count][][];
            for (var k = 0; k < count; k++)
            {
                var n = file.ReadInt32();
                result[k] = new float[n][];
                for (var t = 0; t < n; t++)
                {
                    var v = result[k][t] = new float[384];
                    for (var d = 0; d < v.Length; d++) v[d] = file.ReadSingle();
                }
            }
            if (name == split) return result;
        }
        throw new ArgumentException($"no split '{split}' in {path}", nameof(split));
    }
}
