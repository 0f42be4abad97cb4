namespace DailyPapers.Tests;

/// <summary>
/// Golden-file assertions: <c>Expectations/NAME.verified.EXT</c> holds the accepted output. A difference writes
/// <c>NAME.received.EXT</c> beside it and fails; set <c>UPDATE_GOLDEN=1</c> to accept the received output.
/// </summary>
internal static class Golden
{
    public static void Verify(string name, string actual)
    {
        var verified = Path.Combine(TestPaths.Expectations, name.Replace(".", ".verified.", StringComparison.Ordinal));
        var received = verified.Replace(".verified.", ".received.", StringComparison.Ordinal);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
            File.WriteAllText(verified, actual);
            return;
        }
        Assert.True(File.Exists(verified), $"golden file {verified} is missing; run with UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected != actual)
        {
            File.WriteAllText(received, actual);
            Assert.Equal(expected, actual);
        }
        else if (File.Exists(received))
        {
            File.Delete(received);
        }
    }
}
