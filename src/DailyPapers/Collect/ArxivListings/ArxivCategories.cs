namespace DailyPapers.Collect.ArxivListings;

/// <summary>arXiv's category taxonomy (archives and their subject classes), to name a mistyped category before asking arXiv.</summary>
public static class ArxivCategories
{
    private static readonly Dictionary<string, string> Classes = new(StringComparer.Ordinal)
    {
        ["cs"] = "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI OH OS PF PL RO SC SD SE SI SY",
        ["econ"] = "EM GN TH",
        ["eess"] = "AS IV SP SY",
        ["math"] = "AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT OA OC PR QA RA RT SG SP ST",
        ["astro-ph"] = "CO EP GA HE IM SR",
        ["cond-mat"] = "dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el supr-con",
        ["nlin"] = "AO CD CG PS SI",
        ["physics"] = "acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph comp-ph data-an ed-ph flu-dyn gen-ph geo-ph hist-ph ins-det med-ph optics plasm-ph pop-ph soc-ph space-ph",
        ["q-bio"] = "BM CB GN MC NC OT PE QM SC TO",
        ["q-fin"] = "CP EC GN MM PM PR RM ST TR",
        ["stat"] = "AP CO ME ML OT TH",
        ["gr-qc"] = "",
        ["hep-ex"] = "",
        ["hep-lat"] = "",
        ["hep-ph"] = "",
        ["hep-th"] = "",
        ["math-ph"] = "",
        ["nucl-ex"] = "",
        ["nucl-th"] = "",
        ["quant-ph"] = "",
    };

    private static readonly HashSet<string> Known = BuildKnown();

    private static HashSet<string> BuildKnown()
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (archive, classes) in Classes)
        {
            known.Add(archive);
            foreach (var c in classes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                known.Add($"{archive}.{c}");
        }
        return known;
    }

    /// <summary>True for an arXiv archive (<c>cs</c>) or category (<c>cs.CL</c>), spelled as arXiv spells it.</summary>
    public static bool IsKnown(string category) => Known.Contains(category);

    /// <summary>Why a category is not accepted, or null when it is.</summary>
    public static string? Problem(string category)
    {
        if (IsKnown(category)) return null;
        var near = Known.FirstOrDefault(k => string.Equals(k, category, StringComparison.OrdinalIgnoreCase));
        return near is not null
            ? $"'{category}' is not an arXiv category; categories are case-sensitive: did you mean '{near}'?"
            : $"'{category}' is not an arXiv category (e.g. cs.CL, cs.CV, math.AG, q-bio.GN)";
    }
}
