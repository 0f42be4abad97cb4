namespace DailyPapers.Collect.Biorxiv;

/// <summary>The subject categories of bioRxiv and medRxiv (their subject collections), to name an unknown one before any request.</summary>
public static class BiorxivCategories
{
    /// <summary>bioRxiv's subject areas.</summary>
    public static readonly IReadOnlySet<string> Biorxiv = new HashSet<string>(StringComparer.Ordinal)
    {
        "animal behavior and cognition", "biochemistry", "bioengineering", "bioinformatics", "biophysics", "cancer biology",
        "cell biology", "clinical trials", "developmental biology", "ecology", "epidemiology", "evolutionary biology", "genetics",
        "genomics", "immunology", "microbiology", "molecular biology", "neuroscience", "paleontology", "pathology",
        "pharmacology and toxicology", "physiology", "plant biology", "scientific communication and education",
        "synthetic biology", "systems biology", "zoology",
    };

    /// <summary>medRxiv's subject areas.</summary>
    public static readonly IReadOnlySet<string> Medrxiv = new HashSet<string>(StringComparer.Ordinal)
    {
        "addiction medicine", "allergy and immunology", "anesthesia", "cardiovascular medicine", "dentistry and oral medicine",
        "dermatology", "emergency medicine", "endocrinology", "epidemiology", "forensic medicine", "gastroenterology and hepatology",
        "genetic and genomic medicine", "geriatric medicine", "health economics", "health informatics", "health policy",
        "health systems and quality improvement", "hematology", "hiv/aids", "infectious diseases", "intensive care and critical care medicine",
        "medical education", "medical ethics", "nephrology", "neurology", "nursing", "nutrition", "obstetrics and gynecology",
        "occupational and environmental health", "oncology", "ophthalmology", "orthopedics", "otolaryngology", "pain medicine",
        "palliative medicine", "pathology", "pediatrics", "pharmacology and therapeutics", "primary care research",
        "psychiatry and clinical psychology", "public and global health", "radiology and imaging",
        "rehabilitation medicine and physical therapy", "respiratory medicine", "rheumatology", "sexual and reproductive health",
        "sports medicine", "surgery", "toxicology", "transplantation", "urology",
    };

    /// <summary>A category as compared: trimmed, '_' read as a space, lower-case, and medRxiv's long names cut at " (".</summary>
    public static string Normalize(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        var text = category.Replace('_', ' ').Trim().ToLowerInvariant();
        var paren = text.IndexOf(" (", StringComparison.Ordinal);
        return paren > 0 ? text[..paren] : text;
    }

    /// <summary>The categories of a server.</summary>
    public static IReadOnlySet<string> Of(string server) => server == "medrxiv" ? Medrxiv : Biorxiv;
}
