using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DailyPapers.Rank;

/// <summary>Vector helpers: unit length, cosine of unit vectors, and the stored byte form.</summary>
public static class VectorMath
{
    /// <summary>A copy scaled to unit length (a zero vector stays zero).</summary>
    public static float[] Normalized(ReadOnlySpan<float> v)
    {
        var copy = v.ToArray();
        var norm = TensorPrimitives.Norm(copy);
        if (norm > 0) TensorPrimitives.Divide(copy, norm, copy);
        return copy;
    }

    /// <summary>Cosine similarity of two unit vectors.</summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    /// <summary>The stored form: little-endian float32s.</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> v)
    {
        var bytes = MemoryMarshal.AsBytes(v).ToArray();
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("stored vectors are little-endian");
        return bytes;
    }

    /// <summary>A stored vector; <paramref name="what"/> names it when the byte count is not a whole number of floats.</summary>
    public static float[] FromBytes(byte[] bytes, string what)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length % sizeof(float) != 0)
            throw new InvalidDataException($"the stored vector of {what} has {bytes.Length} bytes, not a whole number of float32s");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
