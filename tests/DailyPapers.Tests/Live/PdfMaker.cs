using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace DailyPapers.Tests.Live;

/// <summary>Makes small real PDFs with PdfPig's writer, one line of text per row.</summary>
internal static class PdfMaker
{
    public static byte[] Make(params string[] lines) => Make(lines, extraPages: []);

    /// <summary>A PDF whose first page holds <paramref name="lines"/> and each further page one line of <paramref name="extraPages"/>.</summary>
    public static byte[] Make(string[] lines, string[] extraPages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        var y = 780.0;
        foreach (var line in lines)
        {
            page.AddText(line, 11, new PdfPoint(50, y), font);
            y -= 16;
        }
        foreach (var text in extraPages)
            builder.AddPage(PageSize.A4).AddText(text, 11, new PdfPoint(50, 780), font);
        return builder.Build();
    }
}
