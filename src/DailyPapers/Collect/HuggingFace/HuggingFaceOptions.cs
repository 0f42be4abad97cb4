namespace DailyPapers.Collect.HuggingFace;

/// <summary>Hugging Face settings (<c>DailyPapers:HuggingFace</c>).</summary>
public sealed class HuggingFaceOptions
{
    /// <summary>The site serving <c>/api/daily_papers</c>.</summary>
    public string BaseUrl { get; set; } = "https://huggingface.co";

    /// <summary>False to never call the live API (the store and the bundled sample are still read).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// What a digest date asks for: <c>day</c> (<c>date=YYYY-MM-DD</c>), <c>week</c> (the ISO week holding the date,
    /// <c>week=YYYY-Www</c>) or <c>month</c> (<c>month=YYYY-MM</c>).
    /// </summary>
    public string Period { get; set; } = "day";

    /// <summary>Empty for the API's own order, or <c>trending</c> (<c>sort=trending</c>).</summary>
    public string Sort { get; set; } = "";

    /// <summary>Papers per request (<c>limit=</c>, 1 to 100); 0 leaves it to the API and asks for one page only.</summary>
    public int Limit { get; set; }

    /// <summary>Pages asked at most (<c>p=0</c>, 1, ...) when <see cref="Limit"/> is set; a shorter page ends the day early.</summary>
    public int Pages { get; set; } = 1;

    /// <summary>The periods <see cref="Period"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Periods = ["day", "week", "month"];

    /// <summary>The orders <see cref="Sort"/> accepts besides empty.</summary>
    public static readonly IReadOnlyList<string> Sorts = ["trending"];
}
