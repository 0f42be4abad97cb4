using System.Security.Cryptography;

namespace DailyPapers.Summarize.Extractive.Model;

/// <summary>
/// The default role classifier: a CRF with a word-vector network trained on CSAbstruct (see data/README.md), shipped inside the assembly
/// and loaded once. Its model name carries a hash of the model bytes, so a retrained model re-summarizes.
/// </summary>
public sealed class TrainedRoleClassifier : ISentenceRoleClassifier
{
    /// <summary>The manifest name of the embedded model.</summary>
    public const string ResourceName = "DailyPapers.Models.csabstruct-roles.bin";

    private static readonly Lazy<TrainedRoleClassifier> Embedded = new(LoadEmbedded);

    private readonly RoleModel _model;

    private TrainedRoleClassifier(RoleModel model, string modelName)
    {
        _model = model;
        ModelName = modelName;
    }

    /// <summary>The embedded model, read on first use and shared afterwards.</summary>
    public static TrainedRoleClassifier Default => Embedded.Value;

    /// <inheritdoc />
    public string ModelName { get; }

    internal RoleModel Model => _model;

    /// <summary>Reads a model file written by <c>dailypapers train-roles</c>.</summary>
    public static TrainedRoleClassifier Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"role model file '{path}' does not exist", path);
        return FromBytes(File.ReadAllBytes(path), path);
    }

    internal static TrainedRoleClassifier FromBytes(byte[] bytes, string name)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var model = RoleModelFile.Read(stream, name);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..8];
        // v1: hashed-feature CRF alone; v2: with the word-vector network.
        return new TrainedRoleClassifier(model, $"csabstruct-crf-v{(model.Net is null ? 1 : 2)}+{hash}");
    }

    /// <inheritdoc />
    public IReadOnlyList<(SentenceRole Role, double Confidence)> Classify(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var (labels, confidence) = _model.Predict(sentences);
        var result = new (SentenceRole, double)[labels.Length];
        for (var i = 0; i < labels.Length; i++) result[i] = ((SentenceRole)labels[i], confidence[i]);
        return result;
    }

    private static TrainedRoleClassifier LoadEmbedded()
    {
        using var stream = typeof(TrainedRoleClassifier).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the build lacks the embedded role model '{ResourceName}' (data/csabstruct-roles.bin)");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return FromBytes(buffer.ToArray(), ResourceName);
    }
}
