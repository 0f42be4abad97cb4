using DailyPapers.Papers;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace DailyPapers.Enrich.PaperText;

/// <summary>The fallback when arXiv has no HTML rendering: the PDF's text, one section per page.</summary>
public static class PdfTextExtractor
{
    /// <summary>Extracts the text of a PDF; throws <see cref="EnrichmentException"/> when it is not a readable PDF.</summary>
    public static FullText Extract(byte[] pdf, string arxivId, string url, int maxChars)
    {
        var sections = new List<FullTextSection>();
        try
        {
            using var document = PdfDocument.Open(pdf);
            foreach (Page page in document.GetPages())
            {
                var words = page.GetWords().Select(w => w.Text);
                var text = TextFolding.Fold(string.Join(" ", words));
                if (text.Length > 0) sections.Add(new FullTextSection([$"Page {page.Number}"], text));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new EnrichmentException($"{url}: not a readable PDF ({ex.Message})", ex);
        }
        if (sections.Count == 0)
            throw new EnrichmentException($"{url}: the PDF has no extractable text (scanned images?)");
        var (capped, truncated) = ArxivHtmlExtractor.Cap(sections, maxChars);
        return new FullText { ArxivId = arxivId, Source = "pdf", Url = url, Sections = capped, Truncated = truncated };
    }
}
