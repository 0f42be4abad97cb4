using DailyPapers.Import;

namespace DailyPapers.Tests.Import;

/// <summary>The import reader over the real samples in shared/data: the Kaggle snapshot head and arXiv's own .abs files.</summary>
public sealed class ArxivSnapshotReaderTests
{
    internal static string KaggleSample => Path.Combine(TestPaths.SharedData, "arxiv_kaggle_snapshot_sample", "arxiv-metadata-oai-snapshot.first200.jsonl");
    internal static string AbsSample => Path.Combine(TestPaths.SharedData, "arxiv_abs_files", "arxiv_browse_abs_files.jsonl");

    [Fact]
    public void The_kaggle_sample_reads_as_200_papers_with_versions_authors_and_categories()
    {
        var records = ArxivSnapshotReader.Read(KaggleSample).ToList();

        Assert.Equal(200, records.Count);
        Assert.All(records, r => Assert.Null(r.Error));
        var first = records[0].Paper!;
        Assert.Equal("0704.0001", first.ArxivId);
        Assert.Equal(2, first.Version);
        Assert.Equal("Calculation of prompt diphoton production cross sections at Tevatron and LHC energies", first.Title);
        Assert.Equal(["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"], first.Authors);
        Assert.StartsWith("A fully differential calculation in perturbative quantum chromodynamics is presented", first.Abstract, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2007, 4, 2, 19, 18, 42, TimeSpan.Zero), first.PublishedAt);
        Assert.Equal(["hep-ph"], first.Arxiv!.Categories);
        Assert.Equal("10.1103/PhysRevD.76.013009", first.Arxiv.Doi);
        Assert.Equal("line 1", records[0].Where);
    }

    [Fact]
    public void The_abs_sample_reads_every_record_with_old_style_ids_and_the_version_of_older_copies()
    {
        var records = ArxivSnapshotReader.Read(AbsSample).ToList();

        // 1,192 records, one of them (math-ph/0509037 in arxiv-browse's test data) an empty file
        Assert.Equal(1192, records.Count);
        Assert.Equal(["line 1126: .abs record: empty record"], records.Where(r => r.Paper is null).Select(r => $"{r.Where}: {r.Error}"));
        var habib = records.Where(r => r.Paper is not null).Select(r => r.Paper!).Single(p => p.ArxivId == "acc-phys/9411001");
        Assert.Equal(1, habib.Version);
        Assert.Equal("Symplectic Computation of Lyapunov Exponents", habib.Title);
        Assert.Equal(["Salman Habib", "Robert D. Ryne"], habib.Authors);
        Assert.Equal(["acc-phys", "physics.acc-ph"], habib.Arxiv!.Categories);
        Assert.StartsWith("A recently developed method for the calculation of Lyapunov exponents", habib.Abstract, StringComparison.Ordinal);
        // adap-org/9509003: the current record (three dates, so version 3) and the stored copies of v1 and v2
        var shi = records.Where(r => r.Paper is not null).Select(r => r.Paper!).Where(p => p.ArxivId == "adap-org/9509003").Select(p => p.Version).Order().ToList();
        Assert.Equal([1, 2, 3], shi);
    }

    [Fact]
    public void Malformed_lines_are_named_by_number_and_reason_and_the_rest_is_read()
    {
        var file = Path.Combine(TestPaths.NewTempFolder(), "mixed.json");
        var good = File.ReadLines(KaggleSample).Take(2).ToList();
        File.WriteAllLines(file, [good[0], "not json {", "", """{"id":"0704.0002"}""", """{"id":"x y","title":"t","versions":[{"version":"v1"}]}""", "[1]",
            """{"id":"0704.0003","title":"T","versions":[{"version":"one"}]}""", """{"text":"no abs here"}""", good[1]]);

        var records = ArxivSnapshotReader.Read(file).ToList();

        Assert.Equal(["0704.0001", "0704.0002"], records.Where(r => r.Paper is not null).Select(r => r.Paper!.ArxivId));
        var errors = records.Where(r => r.Paper is null).Select(r => $"{r.Where}: {r.Error}").ToList();
        Assert.Equal(6, errors.Count);
        Assert.StartsWith("line 2: not JSON: ", errors[0], StringComparison.Ordinal);
        Assert.Equal("line 4: 0704.0002: no \"title\"", errors[1]);
        Assert.Equal("line 5: \"id\" 'x y' is not an arXiv id", errors[2]);
        Assert.Equal("line 6: not a JSON object but array", errors[3]);
        Assert.Equal("line 7: 0704.0003: a \"versions\" entry is not {\"version\":\"vN\",...}", errors[4]);
        Assert.Equal("line 8: .abs record: not an .abs record (no header and abstract between \\\\ lines)", errors[5]);
        Assert.Equal("line 9", records[^1].Where);
    }

    [Fact]
    public void A_gzipped_file_reads_like_the_plain_one_and_a_missing_file_is_named()
    {
        var gz = Path.Combine(TestPaths.NewTempFolder(), "snapshot.json.gz");
        using (var output = File.Create(gz))
        using (var zip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        using (var input = File.OpenRead(KaggleSample))
            input.CopyTo(zip);

        Assert.Equal(ArxivSnapshotReader.Read(KaggleSample).Select(r => r.Paper!.ArxivId), ArxivSnapshotReader.Read(gz).Select(r => r.Paper!.ArxivId));
        var missing = Path.Combine(TestPaths.NewTempFolder(), "nope.json");
        Assert.Equal($"import file '{missing}' does not exist", Assert.Throws<FileNotFoundException>(() => ArxivSnapshotReader.Read(missing)).Message);
    }
}
