using System.Globalization;
using System.Text.RegularExpressions;

namespace DailyPapers.Publish.Markdown;

/// <summary>
/// A Markdown file holding several days' blocks. Writing a day replaces that day's block in place (the old script
/// appended a second one); a new day is inserted so that days stay newest first. Text before the first block stays.
/// </summary>
public static partial class MarkdownArchive
{
    [GeneratedRegex(@"^## Daily Papers \((\d{4}-\d{2}-\d{2})\)[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex DayHeading();

    /// <summary>The file's text with <paramref name="block"/> as the one block for <paramref name="date"/>.</summary>
    public static string Merge(string existing, DateOnly date, string block)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(block);
        var headings = DayHeading().Matches(existing);
        var preamble = headings.Count > 0 ? existing[..headings[0].Index] : existing;
        var blocks = new SortedDictionary<DateOnly, string>(Comparer<DateOnly>.Create((a, b) => b.CompareTo(a)));
        for (var i = 0; i < headings.Count; i++)
        {
            var end = i + 1 < headings.Count ? headings[i + 1].Index : existing.Length;
            var day = DateOnly.ParseExact(headings[i].Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            blocks[day] = Terminate(existing[headings[i].Index..end]); // a duplicated old block collapses into one
        }
        blocks[date] = Terminate(block);
        var head = preamble.Length == 0 || preamble.EndsWith("\n\n", StringComparison.Ordinal) ? preamble : preamble.TrimEnd('\n') + "\n\n";
        return head + string.Concat(blocks.Values);
    }

    /// <summary>Merges each block into the file at <paramref name="path"/> (created when missing), replacing it whole through a temporary file.</summary>
    public static async Task MergeIntoFileAsync(string path, IEnumerable<(DateOnly Date, string Block)> blocks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(blocks);
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : "";
        foreach (var (date, block) in blocks)
            text = Merge(text, date, block);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, text, new System.Text.UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    private static string Terminate(string block) => block.TrimEnd('\n') + "\n\n";
}
