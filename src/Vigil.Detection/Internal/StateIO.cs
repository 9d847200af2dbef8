namespace Vigil.Detection.Internal;

/// <summary>Helpers shared by the detectors' WriteState/ReadState.</summary>
internal static class StateIO
{
    public static void WriteHeader(BinaryWriter writer, byte kind, byte version)
    {
        writer.Write(kind);
        writer.Write(version);
    }

    public static void ReadHeader(BinaryReader reader, byte kind, byte version)
    {
        var k = reader.ReadByte();
        var v = reader.ReadByte();
        if (k != kind || v != version)
        {
            throw new InvalidDataException($"State block {k}/v{v} where {kind}/v{version} was expected.");
        }
    }

    public static void WriteArray(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        writer.Write(values.Length);
        foreach (var v in values)
        {
            writer.Write(v);
        }
    }

    public static void ReadArray(BinaryReader reader, Span<double> into)
    {
        var n = reader.ReadInt32();
        if (n != into.Length)
        {
            throw new InvalidDataException($"State array of {n} values where {into.Length} were expected (other options?).");
        }
        for (var i = 0; i < n; i++)
        {
            into[i] = reader.ReadDouble();
        }
    }

    /// <summary>Writes doubles as doubles and floats as floats (the compact windows).</summary>
    public static void WriteArray<T>(BinaryWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        writer.Write(values.Length);
        foreach (var v in values)
        {
            if (typeof(T) == typeof(float))
            {
                writer.Write(float.CreateTruncating(v));
            }
            else
            {
                writer.Write(double.CreateTruncating(v));
            }
        }
    }

    /// <summary>Reads what <see cref="WriteArray{T}"/> wrote into <paramref name="into"/>, which must be of the same length.</summary>
    public static void ReadArray<T>(BinaryReader reader, Span<T> into)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var n = reader.ReadInt32();
        if (n != into.Length)
        {
            throw new InvalidDataException($"State array of {n} values where {into.Length} were expected (other options?).");
        }
        for (var i = 0; i < n; i++)
        {
            into[i] = typeof(T) == typeof(float) ? T.CreateTruncating(reader.ReadSingle()) : T.CreateTruncating(reader.ReadDouble());
        }
    }
}
