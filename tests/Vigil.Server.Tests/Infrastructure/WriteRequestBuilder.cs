using System.Text;

namespace Vigil.Server.Tests.Infrastructure;

/// <summary>
/// Writes <c>prometheus.WriteRequest</c> protobuf by hand, label by label, in the order given: so a test can send
/// what no validating encoder would produce (unsorted, duplicate, invalid or empty labels, samples out of order).
/// </summary>
internal sealed class WriteRequestBuilder
{
    private readonly List<(IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(long Timestamp, double Value)> Samples)> _series = [];

    public WriteRequestBuilder Series(IReadOnlyList<(string Name, string Value)> labels, params (long Timestamp, double Value)[] samples)
    {
        _series.Add((labels, samples));
        return this;
    }

    /// <summary>The uncompressed protobuf.</summary>
    public byte[] ToProtobuf()
    {
        var request = new MemoryStream();
        foreach (var (labels, samples) in _series)
        {
            var series = new MemoryStream();
            foreach (var (name, value) in labels)
            {
                var label = new MemoryStream();
                WriteString(label, 1, name);
                WriteString(label, 2, value);
                WriteMessage(series, 1, label);
            }
            foreach (var (timestamp, value) in samples)
            {
                var sample = new MemoryStream();
                sample.WriteByte((1 << 3) | 1);
                sample.Write(BitConverter.GetBytes(BitConverter.DoubleToUInt64Bits(value)));
                sample.WriteByte((2 << 3) | 0);
                WriteVarint(sample, (ulong)timestamp);
                WriteMessage(series, 2, sample);
            }
            WriteMessage(request, 1, series);
        }
        return request.ToArray();
    }

    /// <summary>The request body: snappy block format, as remote write sends it.</summary>
    public byte[] ToBody() => Snappier.Snappy.CompressToArray(ToProtobuf());

    private static void WriteString(MemoryStream stream, int field, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.WriteByte((byte)((field << 3) | 2));
        WriteVarint(stream, (ulong)bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteMessage(MemoryStream stream, int field, MemoryStream message)
    {
        stream.WriteByte((byte)((field << 3) | 2));
        WriteVarint(stream, (ulong)message.Length);
        message.Position = 0;
        message.CopyTo(stream);
    }

    private static void WriteVarint(MemoryStream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }
}
