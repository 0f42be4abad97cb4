namespace DailyPapers.Summarize.Extractive.Model;

/// <summary>
/// Turns an abstract's sentences into hashed sparse features: the sentence's words and word pairs, its position
/// in the abstract, its length, and the words of its neighbours. Hashing is FNV-1a, so ids are stable across runs.
/// </summary>
internal static class RoleFeaturizer
{
    private static readonly string[] FirstByPosition = ["f1rel0", "f1rel1", "f1rel2", "f1rel3", "f1rel4"];
    private static readonly string[] WordByPosition = ["wr0", "wr1", "wr2"];

    /// <summary>The features of each sentence, as bucket ids below <c>1 &lt;&lt; bits</c>.</summary>
    public static int[][] Featurize(IReadOnlyList<string> sentences, int bits) => Featurize(Tokenize(sentences), bits);

    /// <summary>Each sentence's <see cref="Tokenize(string)"/> tokens.</summary>
    public static List<string>[] Tokenize(IReadOnlyList<string> sentences)
    {
        var tokens = new List<string>[sentences.Count];
        for (var i = 0; i < sentences.Count; i++) tokens[i] = Tokenize(sentences[i]);
        return tokens;
    }

    /// <summary>The features of each tokenized sentence, as bucket ids below <c>1 &lt;&lt; bits</c>.</summary>
    public static int[][] Featurize(List<string>[] tokens, int bits)
    {
        var mask = (1 << bits) - 1;
        var n = tokens.Length;
        var result = new int[n][];
        var buffer = new List<int>(256);
        var firstOwn = FirstMatch(tokens, IsOwnWorkCue);
        var firstFinding = FirstMatch(tokens, IsFindingCue);
        for (var i = 0; i < n; i++)
        {
            buffer.Clear();
            var t = tokens[i];
            var rel = n == 1 ? 0 : i * 4 / (n - 1); // 0..4
            var fromStart = Math.Min(i, 4);
            var fromEnd = Math.Min(n - 1 - i, 3);
            Add(buffer, mask, "bias");
            Add(buffer, mask, "rel", rel);
            Add(buffer, mask, "start", fromStart);
            Add(buffer, mask, "end", fromEnd);
            Add(buffer, mask, "se", fromStart * 8 + fromEnd);
            Add(buffer, mask, "n", Math.Min(n, 12));
            Add(buffer, mask, "len", Math.Min(t.Count / 6, 8));
            Add(buffer, mask, "own", Relation(i, firstOwn));
            Add(buffer, mask, "find", Relation(i, firstFinding));
            Add(buffer, mask, "ownfind", Relation(i, firstOwn) * 4 + Relation(i, firstFinding));
            var first = t.Count > 0 ? t[0] : "<none>";
            var second = t.Count > 1 ? t[1] : "<none>";
            Add(buffer, mask, "f1", first);
            Add(buffer, mask, "f2", first, second);
            Add(buffer, mask, FirstByPosition[rel], first);
            for (var k = 0; k < t.Count; k++)
            {
                Add(buffer, mask, "w", t[k]);
                if (t[k].Length > 5) Add(buffer, mask, "s", t[k].AsSpan(0, 5));
                Add(buffer, mask, WordByPosition[rel / 2], t[k]);
                if (k + 1 < t.Count) Add(buffer, mask, "b", t[k], t[k + 1]);
            }
            if (i > 0) foreach (var w in tokens[i - 1]) Add(buffer, mask, "p", w);
            else Add(buffer, mask, "p", "<start>");
            if (i + 1 < n) foreach (var w in tokens[i + 1]) Add(buffer, mask, "x", w);
            else Add(buffer, mask, "x", "<end>");
            if (i > 1) foreach (var w in tokens[i - 2]) Add(buffer, mask, "p2", w);
            if (i + 2 < n) foreach (var w in tokens[i + 2]) Add(buffer, mask, "x2", w);
            result[i] = [.. buffer];
        }
        return result;
    }

    private static int FirstMatch(List<string>[] tokens, Func<List<string>, bool> cue)
    {
        for (var i = 0; i < tokens.Length; i++) if (cue(tokens[i])) return i;
        return -1;
    }

    // Where a sentence stands relative to the first one with a cue: 0 none, 1 before, 2 at, 3 after.
    private static int Relation(int i, int anchor) => anchor < 0 ? 0 : i < anchor ? 1 : i == anchor ? 2 : 3;

    private static bool IsOwnWorkCue(List<string> t)
    {
        for (var k = 0; k + 1 < t.Count; k++)
        {
            var (a, b) = (t[k], t[k + 1]);
            if (a == "we" && b is "propose" or "present" or "introduce" or "develop" or "describe" or "design" or "address" or "study" or "investigate" or "explore" or "show" or "consider") return true;
            if (a is "this" or "the" && b is "paper" or "work" or "article" or "study" or "thesis") return true;
        }
        return false;
    }

    private static bool IsFindingCue(List<string> t)
    {
        foreach (var w in t)
            if (w is "results" or "experiments" or "experimental" or "outperforms" or "outperform" or "evaluation" or "show" or "shows" or "demonstrate" or "demonstrates" or "%") return true;
        return false;
    }

    /// <summary>Lower-cased words; every number becomes <c>0</c> and a per cent sign is a word.</summary>
    public static List<string> Tokenize(string sentence)
    {
        var tokens = new List<string>(32);
        var span = sentence.AsSpan();
        var i = 0;
        Span<char> word = stackalloc char[64];
        while (i < span.Length)
        {
            var c = span[i];
            if (char.IsLetter(c))
            {
                var len = 0;
                while (i < span.Length && (char.IsLetterOrDigit(span[i]) || (span[i] == '-' && i + 1 < span.Length && char.IsLetter(span[i + 1]))))
                {
                    if (len < word.Length) word[len++] = char.ToLowerInvariant(span[i]);
                    i++;
                }
                tokens.Add(new string(word[..len]));
            }
            else if (char.IsDigit(c))
            {
                while (i < span.Length && (char.IsDigit(span[i]) || ((span[i] == '.' || span[i] == ',') && i + 1 < span.Length && char.IsDigit(span[i + 1])))) i++;
                tokens.Add("0");
            }
            else
            {
                if (c is '%' or '$' or '?' or ':' or '(') tokens.Add(c.ToString());
                i++;
            }
        }
        return tokens;
    }

    private static void Add(List<int> buffer, int mask, string prefix, int value) => buffer.Add((int)(Mix(Hash(prefix), (uint)value) & (uint)mask));

    private static void Add(List<int> buffer, int mask, string prefix, ReadOnlySpan<char> a) => buffer.Add((int)(Hash(a, Hash(prefix)) & (uint)mask));

    private static void Add(List<int> buffer, int mask, string prefix, string a, string b) =>
        buffer.Add((int)(Hash(b, Hash("|", Hash(a, Hash(prefix)))) & (uint)mask));

    private static void Add(List<int> buffer, int mask, string name) => buffer.Add((int)(Hash(name) & (uint)mask));

    private static uint Hash(ReadOnlySpan<char> text, uint seed = 2166136261)
    {
        var h = seed;
        foreach (var c in text) { h ^= c; h *= 16777619; }
        h ^= 0xff; h *= 16777619; // separator so "ab"+"c" differs from "a"+"bc"
        return h;
    }

    private static uint Mix(uint h, uint value)
    {
        for (var k = 0; k < 4; k++) { h ^= (value >> (8 * k)) & 0xff; h *= 16777619; }
        return h;
    }
}
