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
}
