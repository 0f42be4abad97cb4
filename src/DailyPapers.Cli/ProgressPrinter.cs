using DailyPapers.Papers;

namespace DailyPapers.Cli;

/// <summary>Plain progress lines on stderr; on a terminal each line overwrites the previous one.</summary>
internal sealed class ProgressPrinter(TextWriter writer, bool interactive) : IProgress<RunProgress>
{
    private readonly Lock _gate = new();

    public void Report(RunProgress value)
    {
        var line = $"[{value.Stage} {value.Done}/{value.Total}] {value.Message}";
        lock (_gate)
        {
            if (interactive)
            {
                var width = Math.Max(20, SafeWidth() - 1);
                if (value.Total > 0) line = $"{value.Stage} {Bar(value.Done, value.Total)} {value.Done}/{value.Total} {value.Message}";
                writer.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
                if (value.Done == value.Total) writer.WriteLine();
            }
            else
            {
                writer.WriteLine(line);
            }
        }
    }

    private static string Bar(int done, int total)
    {
        const int cells = 20;
        var filled = (int)Math.Round(cells * Math.Clamp(done / (double)total, 0, 1));
        return "[" + new string('#', filled) + new string('-', cells - filled) + "]";
    }

    private static int SafeWidth()
    {
        try { return Console.WindowWidth > 0 ? Console.WindowWidth : 100; } // 0 when the terminal does not say
        catch (IOException) { return 100; }
    }
}
