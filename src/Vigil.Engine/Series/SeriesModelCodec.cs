using System.IO.Compression;
using System.Text;
using Vigil.Core.Signals;
using Vigil.Detection;

namespace Vigil.Engine.Series;

/// <summary>A series' model as read back: what the detector had learned, through when, and the verdicts.</summary>
/// <param name="DetectedThroughMs">The latest sample the detector had learned (Unix ms).</param>
/// <param name="LastValueBits">That sample's value bits (a counter's next rate is taken from it).</param>
/// <param name="LastValueKnown">Whether <paramref name="LastValueBits"/> holds a sample.</param>
/// <param name="Detector">The detector's snapshot (<see cref="DetectorSnapshot"/>); empty when none was written.</param>
/// <param name="Verdicts">The verdicts, oldest first.</param>
internal sealed record DecodedModel(long DetectedThroughMs, ulong LastValueBits, bool LastValueKnown, byte[] Detector, IReadOnlyList<FeedbackVerdict> Verdicts);

/// <summary>
/// The binary form of a series' model in <c>models.db</c>, format 1, little-endian:
/// magic <c>VGSM</c> (u32), format (u8), detected-through ms (i64), last value bits (u64), last value known (u8),
/// detector snapshot length (i32), its zlib-compressed length (i32) and the compressed bytes (<see cref="DetectorSnapshot"/>,
/// itself versioned and named; zlib at its fastest level keeps about a third of the default ensemble's bytes, and a
/// snapshot round is bound by the bytes it writes),
/// verdict count (i32) and per verdict: kind (u8), deviation (f64), at (i64 UTC ticks).
/// Only numbers are read back; any inconsistency is an <see cref="InvalidDataException"/>.
/// </summary>
internal static class SeriesModelCodec
{
    /// <summary>The format written; a row of another format is ignored (the series re-learns).</summary>
    public const byte Format = 1;

    private const uint Magic = 0x4D534756; // "VGSM" little-endian

    // A detector snapshot larger than this is damage, not state (the default ensemble's is about 12.6 KB).
    private const int MaxDetectorBytes = 16 << 20;

    public static byte[] Encode(SeriesState state)
    {
        using var stream = new MemoryStream(16 * 1024);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Format);
            writer.Write(state.LastTimestampMs);
            writer.Write(state.LastValueBits);
            writer.Write(state.LastValueKnown);
            var detector = DetectorSnapshot.Save(state.Detector);
            writer.Write(detector.Length);
            var lengthAt = stream.Position;
            writer.Write(0);
            writer.Flush();
            using (var zlib = new ZLibStream(stream, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(detector);
            }
            var end = stream.Position;
            stream.Position = lengthAt;
            writer.Write(checked((int)(end - lengthAt - sizeof(int))));
            writer.Flush();
            stream.Position = end;
            writer.Write(state.Verdicts.Count);
            foreach (var verdict in state.Verdicts)
            {
                writer.Write((byte)verdict.Verdict);
                writer.Write(verdict.Deviation);
                writer.Write(verdict.AtTicks);
            }
        }
        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a model of this format, or are damaged.</exception>
    public static DecodedModel Decode(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        try
        {
            if (reader.ReadUInt32() != Magic)
            {
                throw new InvalidDataException("not a Vigil series model");
            }
            var format = reader.ReadByte();
            if (format != Format)
            {
                throw new InvalidDataException($"model format {format} is not supported (this version reads {Format})");
            }
            var detectedThrough = reader.ReadInt64();
            var lastValueBits = reader.ReadUInt64();
            var lastValueKnown = reader.ReadBoolean();
            var detector = new byte[Count(reader.ReadInt32(), MaxDetectorBytes, "detector snapshot length")];
            var packed = reader.ReadBytes(Count(reader.ReadInt32(), bytes.Length, "compressed detector snapshot length"));
            using (var zlib = new ZLibStream(new MemoryStream(packed, writable: false), CompressionMode.Decompress))
            {
                zlib.ReadExactly(detector);
                if (zlib.ReadByte() >= 0)
                {
                    throw new InvalidDataException($"the detector snapshot is longer than its stated {detector.Length} bytes");
                }
            }
            var verdicts = new FeedbackVerdict[Count(reader.ReadInt32(), FeedbackVerdict.MaxKept, "verdict count")];
            for (var i = 0; i < verdicts.Length; i++)
            {
                var kind = (SignalVerdict)reader.ReadByte();
                var deviation = reader.ReadDouble();
                var at = reader.ReadInt64();
                if (!Enum.IsDefined(kind) || !double.IsFinite(deviation) || at < DateTime.MinValue.Ticks || at > DateTime.MaxValue.Ticks)
                {
                    throw new InvalidDataException($"verdict {i + 1} is damaged");
                }
                verdicts[i] = new FeedbackVerdict(kind, deviation, at);
            }
            if (reader.BaseStream.Position != bytes.Length)
            {
                throw new InvalidDataException($"{bytes.Length - reader.BaseStream.Position} bytes follow the model");
            }
            return new DecodedModel(detectedThrough, lastValueBits, lastValueKnown, detector, verdicts);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the model is truncated", e);
        }
    }

    private static int Count(int value, int max, string what) => value >= 0 && value <= max
        ? value
        : throw new InvalidDataException($"{what} {value} is out of range [0, {max}]");
}
