using System.Buffers.Binary;
using System.Text;
using Snappier;
using Vigil.Core.Ingest;
using Vigil.Core.Series;

namespace Vigil.Ingest.RemoteWrite;

/// <summary>
/// Encodes a <see cref="MetricBatch"/> as a remote write 1.0 body (snappy block-compressed
/// <c>prometheus.WriteRequest</c>), as Prometheus would send it: for tests and for load generators.
/// </summary>
public static class RemoteWriteEncoder
{
    /// <summary>The request body: a snappy block-compressed <c>WriteRequest</c>.</summary>
    public static byte[] Encode(MetricBatch batch) => Snappy.CompressToArray(EncodeProtobuf(batch));

    /// <summary>The uncompressed <c>WriteRequest</c> protobuf bytes.</summary>
    public static byte[] EncodeProtobuf(MetricBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var size = 0;
        foreach (var series in batch.Series)
        {
            size += FieldSize(SeriesSize(series));
        }
        var buffer = new byte[size];
        var writer = new Writer(buffer);
        foreach (var series in batch.Series)
        {
            writer.Tag(1, WireType.LengthDelimited);
            writer.Varint((ulong)SeriesSize(series));
            foreach (var label in series.Key.Labels.AsSpan())
            {
                writer.Tag(1, WireType.LengthDelimited);
                writer.Varint((ulong)LabelSize(label));
                writer.String(1, label.Name);
                writer.String(2, label.Value);
            }
            foreach (var sample in series.Samples)
            {
                writer.Tag(2, WireType.LengthDelimited);
                writer.Varint((ulong)SampleSize(sample));
                var bits = BitConverter.DoubleToUInt64Bits(sample.Value);
                if (bits != 0)
                {
                    writer.Tag(1, WireType.Fixed64);
                    writer.Fixed64(bits);
                }
                if (sample.TimestampMs != 0)
                {
                    writer.Tag(2, WireType.Varint);
                    writer.Varint((ulong)sample.TimestampMs);
                }
            }
        }
        return buffer;
    }

    private static int SeriesSize(SeriesSamples series)
    {
        var size = 0;
        foreach (var label in series.Key.Labels.AsSpan())
        {
            size += FieldSize(LabelSize(label));
        }
        foreach (var sample in series.Samples)
        {
            size += FieldSize(SampleSize(sample));
        }
        return size;
    }

    private static int LabelSize(Label label) => StringSize(label.Name) + StringSize(label.Value);

    private static int StringSize(string text) => text.Length == 0 ? 0 : FieldSize(Encoding.UTF8.GetByteCount(text));

    private static int SampleSize(Sample sample) =>
        (BitConverter.DoubleToUInt64Bits(sample.Value) != 0 ? 9 : 0) + (sample.TimestampMs != 0 ? 1 + VarintSize((ulong)sample.TimestampMs) : 0);

    /// <summary>A one-byte tag, the length varint and the payload.</summary>
    private static int FieldSize(int length) => 1 + VarintSize((ulong)length) + length;

    private static int VarintSize(ulong value) => (70 - (int)ulong.LeadingZeroCount(value | 1)) / 7;

    private ref struct Writer(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _position;

        public void Tag(int field, WireType wire) => _buffer[_position++] = (byte)((field << 3) | (int)wire);

        public void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer[_position++] = (byte)(value | 0x80);
                value >>= 7;
            }
            _buffer[_position++] = (byte)value;
        }

        public void Fixed64(ulong value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer[_position..], value);
            _position += 8;
        }

        public void String(int field, string text)
        {
            if (text.Length == 0)
            {
                return;
            }
            Tag(field, WireType.LengthDelimited);
            Varint((ulong)Encoding.UTF8.GetByteCount(text));
            _position += Encoding.UTF8.GetBytes(text, _buffer[_position..]);
        }
    }
}
