using System.IO.Compression;
using System.Text;

namespace DailyPapers.Summarize.Extractive.Model;

/// <summary>
/// The role model's file format: zlib-compressed <c>DPRM</c>, version, hash bits, label count, the transition
/// scores (float32), then the non-zero weight rows as (index delta, one half-precision weight per label); from
/// version 2 on, a flag and, when set, the word-vector network (its word vectors, then its weights in float32).
/// </summary>
internal static class RoleModelFile
{
    private const int Version = 2;

    public static void Write(RoleModel model, Stream stream)
    {
        using var zip = new ZLibStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var w = new BinaryWriter(zip, Encoding.UTF8, leaveOpen: true);
        w.Write("DPRM"u8);
        w.Write(Version);
        w.Write(model.Bits);
        w.Write(RoleModel.Labels);
        foreach (var t in model.Transitions) w.Write(t);
        var rows = 1 << model.Bits;
        var nonZero = Enumerable.Range(0, rows).Where(r => RowIsNonZero(model.Weights, r)).ToList();
        w.Write(nonZero.Count);
        var previous = -1;
        foreach (var r in nonZero)
        {
            w.Write7BitEncodedInt(r - previous);
            previous = r;
            for (var y = 0; y < RoleModel.Labels; y++) w.Write((Half)model.Weights[r * RoleModel.Labels + y]);
        }
        if (model.Net is { SentenceDimensions: > 0 })
            throw new NotSupportedException("a role model that reads sentence embeddings is a dev-only experiment (bench roles-dev minilm=on); the model file holds word-vector networks only");
        w.Write(model.Net is not null);
        if (model.Net is { } net)
        {
            net.Vectors.Write(w);
            w.Write(net.Hidden);
            foreach (var x in net.InputWeights) w.Write(x);
            foreach (var x in net.HiddenBias) w.Write(x);
            foreach (var x in net.OutputWeights) w.Write(x);
        }
    }

    public static RoleModel Read(Stream stream, string name)
    {
        try
        {
            using var zip = new ZLibStream(stream, CompressionMode.Decompress, leaveOpen: true);
            using var r = new BinaryReader(zip, Encoding.UTF8, leaveOpen: true);
            if (!r.ReadBytes(4).AsSpan().SequenceEqual("DPRM"u8)) throw new InvalidDataException($"role model '{name}' is not a DailyPapers role model (bad magic)");
            var version = r.ReadInt32();
            if (version is < 1 or > Version) throw new InvalidDataException($"role model '{name}' has format version {version}; this build reads 1..{Version}");
            var bits = r.ReadInt32();
            var labels = r.ReadInt32();
            if (labels != RoleModel.Labels || bits is < 8 or > 24) throw new InvalidDataException($"role model '{name}' has {labels} labels and {bits} hash bits; expected {RoleModel.Labels} labels and 8..24 bits");
            var transitions = new float[RoleModel.TransitionCount];
            for (var i = 0; i < transitions.Length; i++) transitions[i] = r.ReadSingle();
            var weights = new float[(1 << bits) * labels];
            var count = r.ReadInt32();
            var row = -1;
            for (var k = 0; k < count; k++)
            {
                row += r.Read7BitEncodedInt();
                if (row < 0 || row >= 1 << bits) throw new InvalidDataException($"role model '{name}' has a weight row {row} outside 0..{(1 << bits) - 1}");
                for (var y = 0; y < labels; y++) weights[row * labels + y] = (float)r.ReadHalf();
            }
            var net = version >= 2 && r.ReadBoolean() ? ReadNet(r, name) : null;
            if (zip.ReadByte() != -1) throw new InvalidDataException($"role model '{name}' has data after its end");
            return new RoleModel(bits, weights, transitions, net);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"role model '{name}' is truncated", ex);
        }
        catch (Exception ex) when (ex is FormatException or IOException or OverflowException or ArgumentException && ex is not InvalidDataException)
        {
            // A bad 7-bit length, string length or count inside the compressed data.
            throw new InvalidDataException($"role model '{name}' is damaged ({ex.Message})", ex);
        }
        catch (InvalidDataException ex) when (!ex.Message.Contains(name, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"role model '{name}' is damaged ({ex.Message})", ex);
        }
    }

    private static RoleNet ReadNet(BinaryReader r, string name)
    {
        var vectors = WordVectors.Read(r, name);
        var hidden = r.ReadInt32();
        if (hidden is < 1 or > 4096) throw new InvalidDataException($"role model '{name}' has {hidden} hidden units; expected 1..4096");
        if ((long)hidden * RoleNet.Blocks * vectors.Dimensions > WordVectors.MaxStoredValues)
            throw new InvalidDataException($"role model '{name}' claims a network of {hidden} x {RoleNet.Blocks * vectors.Dimensions} weights, more than this build reads");
        var inputs = RoleNet.Blocks * vectors.Dimensions;
        return new RoleNet(vectors, hidden, Floats(r, hidden * inputs), Floats(r, hidden), Floats(r, RoleModel.Labels * hidden));
    }

    private static float[] Floats(BinaryReader r, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = r.ReadSingle();
        return values;
    }

    private static bool RowIsNonZero(float[] weights, int row)
    {
        for (var y = 0; y < RoleModel.Labels; y++) if (weights[row * RoleModel.Labels + y] != 0) return true;
        return false;
    }
}
