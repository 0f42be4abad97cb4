using DailyPapers.Rank;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Rank;

public sealed class LibraryReaderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void BibTeX_entries_are_read_and_each_malformed_one_is_named_by_key_or_line()
    {
        // Given a .bib with two good entries (braces, quotes, concatenation, TeX), one without title, one with a broken field, and one never closed
        const string bib = """
            % my papers
            @string{ acl = "ACL" }
            @article{vaswani2017,
              title = {Attention Is {All} You Need},
              author = {Vaswani, Ashish and others},
              abstract = "We propose the \emph{Transformer}.",
              year = 2017, month = jun,
              eprint = {1706.03762}
            }
            @inproceedings{lora,
              title = "LoRA: " # {Low-Rank Adaptation},
              url = {https://arxiv.org/abs/2106.09685v2},
              year = {2021}
            }
            @misc{untitled, author = {Nobody}, year = 2020}
            @misc{broken, title = {Fine} junk, year = 2020}
            @article{open,
              title = {Never closed
            """;

        // When it is read
        var read = LibraryReader.ReadBibTeX("lib.bib", bib);

        // Then the two good entries are items with titles, abstracts, dates and arXiv ids, and each bad one is one problem
        Assert.Equal([("Attention Is All You Need", "We propose the Transformer.", (DateOnly?)new DateOnly(2017, 6, 1), (string?)"1706.03762"),
                      ("LoRA: Low-Rank Adaptation", "", new DateOnly(2021, 1, 1), "2106.09685")],
            read.Items.Select(i => (i.Title, i.Abstract, i.Date, i.ArxivId)));
        Assert.Equal(3, read.Problems.Count);
        Assert.Equal("lib.bib: entry 'untitled' (line 15): has no title", read.Problems[0].ToString());
        Assert.StartsWith("lib.bib: entry 'broken' (line 16): field 'title' is followed by 'junk", read.Problems[1].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("lib.bib: line 17: the @article entry is not closed", read.Problems[2].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_Zotero_CSL_JSON_export_is_read_and_items_without_title_are_named()
    {
        // Given a CSL-JSON array with a full item, an item without title and a non-object
        const string json = """
            [
              {"id": "http://zotero.org/users/1/items/AB", "type": "article", "title": "Denoising Diffusion Probabilistic Models",
               "abstract": "We present high quality image synthesis.", "URL": "http://arxiv.org/abs/2006.11239",
               "issued": {"date-parts": [["2020", 6, 19]]}},
              {"id": "x2", "type": "article", "abstract": "no title here"},
              42
            ]
            """;

        // When it is read
        var read = LibraryReader.ReadCslJson("my.json", json);

        // Then the item has its fields and each unusable one is named by position and id
        var item = Assert.Single(read.Items);
        Assert.Equal(("Denoising Diffusion Probabilistic Models", "We present high quality image synthesis.", (DateOnly?)new DateOnly(2020, 6, 1), (string?)"2006.11239"),
            (item.Title, item.Abstract, item.Date, item.ArxivId));
        Assert.Equal(["my.json: item 2 (id 'x2'): has no title", "my.json: item 3: is not an object"], read.Problems.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("[{\"title\": \"a\"", "my.json: line 1: is not valid JSON")]
    [InlineData("{\"items\": []}", "my.json: file: a CSL-JSON export is an array of items; this file holds a JSON object")]
    [InlineData("[]", "my.json: file: the array holds no item")]
    public void A_CSL_JSON_file_that_is_not_an_array_of_items_is_one_named_problem(string json, string expected)
    {
        var read = LibraryReader.ReadCslJson("my.json", json);
        Assert.Empty(read.Items);
        Assert.StartsWith(expected, Assert.Single(read.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_list_is_looked_up_in_the_store_and_bad_or_unknown_ids_are_named_by_line()
    {
        // Given the sample day in a store and a list with a good id (twice, once as a URL), a comment, a malformed id and an unknown id
        var folder = TestPaths.NewTempFolder();
        var store = new SqlitePaperStore(Path.Combine(folder, "s.db"));
        var day = Fixtures.SampleDay();
        await store.SaveDayAsync(day, None);
        var known = day.Entries[0].Paper;
        var path = Path.Combine(folder, "ids.txt");
        await File.WriteAllTextAsync(path, $"# reading list\n{known.ArxivId}v1\nnot-an-id\n\nhttps://arxiv.org/abs/{known.ArxivId}\n2401.99999  # not stored\n");

        // When it is read
        var read = await LibraryReader.ReadAsync(path, store, None);

        // Then the stored paper is one item with its title and abstract, and each problem names its line
        var item = Assert.Single(read.Items);
        Assert.Equal((known.FoldedTitle, known.Abstract, (string?)known.ArxivId, "line 2"), (item.Title, item.Abstract, item.ArxivId, item.Where));
        Assert.Equal([$"{path}: line 3: 'not-an-id' is not an arXiv id", $"{path}: line 6: 2401.99999 is not in the store (fetch its day first)"],
            read.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public async Task A_missing_or_empty_library_file_is_a_problem_naming_it()
    {
        var folder = TestPaths.NewTempFolder();
        var store = new SqlitePaperStore(Path.Combine(folder, "s.db"));
        var empty = Path.Combine(folder, "empty.bib");
        await File.WriteAllTextAsync(empty, "  \n");

        var missing = await LibraryReader.ReadAsync(Path.Combine(folder, "none.bib"), store, None);
        var blank = await LibraryReader.ReadAsync(empty, store, None);

        Assert.StartsWith($"{Path.Combine(folder, "none.bib")}: file: cannot be read", Assert.Single(missing.Problems).ToString(), StringComparison.Ordinal);
        Assert.Equal($"{empty}: file: is empty", Assert.Single(blank.Problems).ToString());
        Assert.Empty(missing.Items);
        Assert.Empty(blank.Items);
    }
}
