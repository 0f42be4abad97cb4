namespace DailyPapers.Summarize.Extractive;

/// <summary>The rhetorical role of a sentence in an abstract (the CSAbstruct labels).</summary>
public enum SentenceRole
{
    /// <summary>Context and motivation.</summary>
    Background,
    /// <summary>What the paper sets out to do.</summary>
    Objective,
    /// <summary>How it is done.</summary>
    Method,
    /// <summary>What was found.</summary>
    Result,
    /// <summary>Anything else (links, acknowledgements).</summary>
    Other,
}

/// <summary>Labels each sentence of an abstract with its role.</summary>
public interface ISentenceRoleClassifier
{
    /// <summary>A name and version for the cache key, e.g. <c>rules-v1</c>.</summary>
    string ModelName { get; }

    /// <summary>One role per sentence, in order, with a confidence in [0, 1].</summary>
    IReadOnlyList<(SentenceRole Role, double Confidence)> Classify(IReadOnlyList<string> sentences);
}
