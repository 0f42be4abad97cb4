using System.Text.RegularExpressions;

namespace DailyPapers.Verify.Quantities;

/// <summary>
/// What a figure counts: a language-neutral key for the noun after it ("220 diverse individuals" and "2200명" are
/// both <c>person</c>; "12개의 LVLM" and "eleven LVLMs" are both <c>lvlm</c>), so a summary figure is compared only
/// with source figures of the same quantity.
/// </summary>
public static partial class Nouns
{
    // Korean and English words for the things papers count, by key. English forms are matched singular or plural.
    private static readonly Dictionary<string, string> Keys = Build(new()
    {
        ["person"] = ["individual", "people", "person", "participant", "subject", "annotator", "human", "volunteer", "user", "speaker", "worker", "respondent", "명", "사람", "참가자", "참여자", "주석자", "사용자", "개인", "피험자", "화자"],
        ["token"] = ["token", "토큰"],
        ["param"] = ["parameter", "param", "파라미터", "매개변수", "매개 변수", "패러미터"],
        ["sample"] = ["sample", "샘플", "표본"],
        ["image"] = ["image", "photo", "picture", "이미지", "사진", "영상 이미지"],
        ["video"] = ["video", "clip", "비디오", "영상", "동영상", "클립"],
        ["language"] = ["language", "언어", "개국어"],
        ["task"] = ["task", "작업", "태스크", "과제", "과업"],
        ["benchmark"] = ["benchmark", "벤치마크"],
        ["dataset"] = ["dataset", "데이터셋", "데이터세트"],
        ["model"] = ["model", "모델", "llm", "lm", "vlm", "lvlm", "mllm", "lmm"],
        ["example"] = ["example", "instance", "예제", "예시", "인스턴스", "사례"],
        ["question"] = ["question", "query", "prompt", "질문", "문항", "쿼리", "프롬프트"],
        ["pair"] = ["pair", "쌍"],
        ["layer"] = ["layer", "레이어", "층"],
        ["gpu"] = ["gpu", "gpus"],
        ["document"] = ["document", "문서"],
        ["category"] = ["category", "class", "범주", "카테고리", "클래스", "분류"],
        ["domain"] = ["domain", "도메인", "분야"],
        ["word"] = ["word", "단어"],
        ["frame"] = ["frame", "프레임"],
        ["conversation"] = ["conversation", "dialogue", "dialog", "대화"],
        ["instruction"] = ["instruction", "지시", "명령어", "지침"],
        ["problem"] = ["problem", "문제"],
        ["scene"] = ["scene", "장면", "씬"],
        ["object"] = ["object", "객체", "물체", "오브젝트"],
        ["agent"] = ["agent", "에이전트"],
        ["game"] = ["game", "게임"],
        ["paper"] = ["paper", "article", "논문"],
        ["step"] = ["step", "stage", "단계"],
        ["caption"] = ["caption", "description", "캡션", "설명"],
        ["minute"] = ["minute", "분"],
        ["second"] = ["second", "초"],
        ["country"] = ["country", "국가", "나라"],
        ["subset"] = ["subset", "split", "하위 집합"],
        ["trajectory"] = ["trajectory", "궤적"],
        ["hour"] = ["hour", "시간"],
        ["point"] = ["point", "포인트", "점"],
        ["type"] = ["type", "kind", "유형", "종류", "가지", "종"],
        ["time"] = ["times", "번", "회"],
    });

    // Words a Korean classifier stands for by itself.
    private static readonly Dictionary<string, string> Classifiers = new(StringComparer.Ordinal)
    {
        ["명"] = "person", ["가지"] = "type", ["종"] = "type", ["번"] = "time", ["회"] = "time", ["단계"] = "step", ["쌍"] = "pair",
        ["분"] = "minute", ["초"] = "second",
    };

    private static Dictionary<string, string> Build(Dictionary<string, string[]> byKey)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, words) in byKey)
            foreach (var w in words) map[w] = key;
        return map;
    }

    /// <summary>The key a Korean classifier (명, 가지, 단계...) stands for, or null (개 counts whatever follows).</summary>
    public static string? OfClassifier(string classifier) => Classifiers.GetValueOrDefault(classifier.Trim());

    /// <summary>The word without a trailing Korean particle (정확도를 → 정확도).</summary>
    public static string Stem(string word) => Particle().Replace(word ?? "", "");

    /// <summary>The key of one word: a known noun (particles and plural -s removed), an acronym such as LVLMs (lower case, singular), or null.</summary>
    public static string? OfWord(string word)
    {
        var w = Particle().Replace(word.Trim('(', ')', '[', ']', '"', '\'', '‘', '’', '“', '”', '`', '*'), "");
        if (w.Length == 0) return null;
        var lower = w.ToLowerInvariant();
        if (Keys.TryGetValue(lower, out var key)) return key;
        if (lower.Length > 3 && lower.EndsWith("ies", StringComparison.Ordinal) && Keys.TryGetValue(lower[..^3] + "y", out key)) return key;
        if (lower.Length > 2 && lower.EndsWith('s') && Keys.TryGetValue(lower[..^1], out key)) return key;
        if (lower.Length > 3 && lower.EndsWith("es", StringComparison.Ordinal) && Keys.TryGetValue(lower[..^2], out key)) return key;
        // An acronym counted by name (LVLMs, GPUs): two or more capitals, Latin letters only.
        if (w.All(char.IsAsciiLetterOrDigit) && w.Count(char.IsAsciiLetterUpper) >= 2 && char.IsAsciiLetter(w[0]))
            return (w.EndsWith('s') ? w[..^1] : w).ToLowerInvariant();
        return null;
    }

    /// <summary>
    /// The key of the noun a figure ending at <paramref name="end"/> counts: the first known noun among the next
    /// <paramref name="words"/> words (three unless told) of the same clause ("220 diverse individuals", "12개의 LVLM을", "30B 이상의 파라미터").
    /// </summary>
    public static string? After(string text, int end, int words = 3)
    {
        var m = Following().Match(text, end);
        if (!m.Success) return null;
        foreach (var c in m.Groups["w"].Captures.Take(words))
        {
            if (OfWord(c.Value) is { } key) return key;
        }
        return null;
    }

    [GeneratedRegex(@"(?:의|을|를|이|가|은|는|에|에서|과|와|로|으로|만|도|씩|들|들의|들을|들이|들에)$")]
    private static partial Regex Particle();

    // Up to three words after the figure, stopping at clause punctuation; a glued particle (12개의) is skipped.
    [GeneratedRegex(@"\G[\p{L}]*?(?:\s*-?\s*(?<w>[\p{L}\p{N}][\p{L}\p{N}'’-]*)){1,4}")]
    private static partial Regex Following();
}
