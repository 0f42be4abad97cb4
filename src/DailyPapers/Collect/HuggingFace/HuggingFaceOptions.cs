namespace DailyPapers.Collect.HuggingFace;

/// <summary>Hugging Face settings (<c>DailyPapers:HuggingFace</c>).</summary>
public sealed class HuggingFaceOptions
{
    /// <summary>The site serving <c>/api/daily_papers</c>.</summary>
    public string BaseUrl { get; set; } = "https://huggingface.co";

    /// <summary>False to never call the live API (the store and the bundled sample are still read).</summary>
    public bool Enabled { get; set; } = true;
}
