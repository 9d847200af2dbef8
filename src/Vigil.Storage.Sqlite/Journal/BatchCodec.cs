using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Snappier;
using Vigil.Core.Chunks;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Storage.Sqlite.Series;

namespace Vigil.Storage.Sqlite.Journal;

/// <summary>
/// The journal's binary form of a <see cref="MetricBatch"/>, version 1:
/// <code>
/// row     = version:u8 flags:u8 crc32c:u32le body      (flags bit 0: body is Snappy-compressed; CRC over body as stored)
/// body    = sampleCount:uvarint stringCount:uvarint string* seriesCount:uvarint series*
/// string  = length:uvarint utf8
/// series  = labelCount:uvarint (name:uvarint value:uvarint)* encoding:u8 count:uvarint samples
/// samples = encoding 0: (Δt:zigzag-varint value:u64le)*   Δt from the previous sample in the batch, across series
///           encoding 1: length:uvarint Gorilla chunk (Vigil.Core.Chunks)
/// </code>
/// Strings are stored once per batch and referenced by index; series with few samples (one per scrape, the usual
/// remote-write shape) take the raw form, whose batch-wide Δt is one byte when series share a scrape time.
/// </summary>
internal static class BatchCodec
{
    public const byte Version = 1;
    private const int HeaderBytes = 6;
    private const byte FlagSnappy = 1;
    private const int CompressAbove = 256;
    private const int ChunkFrom = 4;

    public static byte[] Encode(MetricBatch batch, bool compress)
    {
        var body = new ArrayBufferWriter<byte>(64 + (batch.SampleCount * 12));
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var series in batch.Series)
        {
            foreach (var label in series.Key.Labels.AsSpan())
            {
                Intern(label.Name);
                Intern(label.Value);
            }
        }

        LabelsBlob.WriteVarint(body, (ulong)batch.SampleCount);
        LabelsBlob.WriteVarint(body, (ulong)order.Count);
        foreach (var s in order)
        {
            var length = Encoding.UTF8.GetByteCount(s);
            LabelsBlob.WriteVarint(body, (ulong)length);
            Encoding.UTF8.GetBytes(s, body.GetSpan(length));
            body.Advance(length);
        }
        LabelsBlob.WriteVarint(body, (ulong)batch.Series.Count);
        long previousTime = 0;
        foreach (var series in batch.Series)
        {
            var labels = series.Key.Labels.AsSpan();
            LabelsBlob.WriteVarint(body, (ulong)labels.Length);
            foreach (var label in labels)
            {
                LabelsBlob.WriteVarint(body, (ulong)strings[label.Name]);
                LabelsBlob.WriteVarint(body, (ulong)strings[label.Value]);
            }
            var samples = series.Samples;
            if (samples.Length >= ChunkFrom && samples.Length <= XorChunk.MaxSamples && Ascending(samples))
            {
                var chunk = XorChunk.Encode(samples);
                body.GetSpan(1)[0] = 1;
                body.Advance(1);
                LabelsBlob.WriteVarint(body, (ulong)samples.Length);
                LabelsBlob.WriteVarint(body, (ulong)chunk.Length);
                body.Write(chunk);
                continue;
            }
            body.GetSpan(1)[0] = 0;
            body.Advance(1);
            LabelsBlob.WriteVarint(body, (ulong)samples.Length);
            foreach (var sample in samples)
            {
                var delta = sample.TimestampMs - previousTime;
                previousTime = sample.TimestampMs;
                LabelsBlob.WriteVarint(body, (ulong)((delta << 1) ^ (delta >> 63)));
                BinaryPrimitives.WriteUInt64LittleEndian(body.GetSpan(8), BitConverter.DoubleToUInt64Bits(sample.Value));
                body.Advance(8);
            }
        }

        var payload = body.WrittenSpan;
        byte flags = 0;
        byte[]? compressed = null;
        if (compress && payload.Length > CompressAbove)
        {
            compressed = Snappy.CompressToArray(payload);
            if (compressed.Length < payload.Length)
            {
                payload = compressed;
                flags |= FlagSnappy;
            }
        }
        var row = new byte[HeaderBytes + payload.Length];
        row[0] = Version;
        row[1] = flags;
        BinaryPrimitives.WriteUInt32LittleEndian(row.AsSpan(2), Crc32.HashToUInt32(payload));
        payload.CopyTo(row.AsSpan(HeaderBytes));
        return row;

        void Intern(string s)
        {
            if (strings.TryAdd(s, order.Count))
            {
                order.Add(s);
            }
        }
    }

    /// <summary>Decodes a row; false with a message naming the problem and its byte offset when it is damaged.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> row, out MetricBatch batch, out string error)
    {
        batch = MetricBatch.Empty;
        if (row.Length < HeaderBytes)
        {
            error = $"row of {row.Length} bytes is shorter than the {HeaderBytes}-byte header";
            return false;
        }
        if (row[0] != Version)
        {
            error = $"unknown format version {row[0]} at byte 0 (this build reads version {Version})";
            return false;
        }
        if ((row[1] & ~FlagSnappy) != 0)
        {
            error = $"unknown flags 0x{row[1]:x2} at byte 1";
            return false;
        }
        var payload = row[HeaderBytes..];
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(row[2..]);
        if (Crc32.HashToUInt32(payload) != crc)
        {
            error = $"checksum mismatch over bytes {HeaderBytes}..{row.Length} (torn or damaged row)";
            return false;
        }
        byte[]? decompressed = null;
        if ((row[1] & FlagSnappy) != 0)
        {
            try
            {
                decompressed = Snappy.DecompressToArray(payload);
            }
            catch (InvalidDataException e)
            {
                error = $"bad Snappy body at byte {HeaderBytes}: {e.Message}";
                return false;
            }
            payload = decompressed;
        }
        var reader = new BodyReader(payload);
        if (!reader.TryRead(out batch))
        {
            error = $"malformed body ({((row[1] & FlagSnappy) != 0 ? "after decompression, " : "")}byte {reader.Position}): {reader.Error}";
            batch = MetricBatch.Empty;
            return false;
        }
        error = "";
        return true;
    }

    private static bool Ascending(Sample[] samples)
    {
        for (var i = 1; i < samples.Length; i++)
        {
            if (samples[i].TimestampMs <= samples[i - 1].TimestampMs)
            {
                return false;
            }
        }
        return true;
    }

    private ref struct BodyReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public readonly int Position => _pos;

        public string Error { get; private set; } = "";

        public bool TryRead(out MetricBatch batch)
        {
            batch = MetricBatch.Empty;
            if (!Varint(out var sampleCount, "sample count") || !Varint(out var stringCount, "string count"))
            {
                return false;
            }
            if (stringCount > (ulong)(_data.Length - _pos))
            {
                return Fail("string count larger than the body");
            }
            var strings = new string[(int)stringCount];
            for (var i = 0; i < strings.Length; i++)
            {
                if (!Varint(out var length, "string length") || length > (ulong)(_data.Length - _pos))
                {
                    return Fail($"string {i} runs past the end");
                }
                strings[i] = Encoding.UTF8.GetString(_data.Slice(_pos, (int)length));
                _pos += (int)length;
            }
            if (!Varint(out var seriesCount, "series count") || seriesCount > (ulong)(_data.Length - _pos))
            {
                return Fail("series count larger than the body");
            }
            var series = new SeriesSamples[(int)seriesCount];
            long previousTime = 0;
            ulong total = 0;
            for (var i = 0; i < series.Length; i++)
            {
                if (!Varint(out var labelCount, "label count") || labelCount == 0 || labelCount > 1024)
                {
                    return Fail($"series {i}: bad label count");
                }
                var labels = new Label[(int)labelCount];
                for (var j = 0; j < labels.Length; j++)
                {
                    if (!Varint(out var name, "label name") || !Varint(out var value, "label value")
                        || name >= stringCount || value >= stringCount)
                    {
                        return Fail($"series {i}: label {j} refers to a missing string");
                    }
                    labels[j] = new Label(strings[(int)name], strings[(int)value]);
                    if (j > 0 && string.CompareOrdinal(labels[j - 1].Name, labels[j].Name) >= 0)
                    {
                        return Fail($"series {i}: label names not sorted");
                    }
                }
                if (!SeriesKey.TryCreate(Labels.FromValidatedSorted(labels), out var key, out var labelError))
                {
                    return Fail($"series {i}: {labelError.Message}");
                }
                if (_pos >= _data.Length)
                {
                    return Fail($"series {i}: missing sample encoding");
                }
                var encoding = _data[_pos++];
                if (!Varint(out var count, "sample count") || count > sampleCount)
                {
                    return Fail($"series {i}: bad sample count");
                }
                Sample[] samples;
                if (encoding == 1)
                {
                    if (!Varint(out var length, "chunk length") || length > (ulong)(_data.Length - _pos))
                    {
                        return Fail($"series {i}: chunk runs past the end");
                    }
                    var chunk = _data.Slice(_pos, (int)length);
                    _pos += (int)length;
                    var list = new List<Sample>((int)count);
                    if (!XorChunk.TryDecode(chunk, list, out var chunkError) || (ulong)list.Count != count)
                    {
                        return Fail($"series {i}: {(chunkError.Length > 0 ? chunkError : "chunk count differs")}");
                    }
                    samples = [.. list];
                }
                else if (encoding == 0)
                {
                    samples = new Sample[(int)count];
                    for (var k = 0; k < samples.Length; k++)
                    {
                        if (!Varint(out var zigzag, "timestamp") || _data.Length - _pos < 8)
                        {
                            return Fail($"series {i}: sample {k} truncated");
                        }
                        previousTime += (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
                        samples[k] = new Sample(previousTime, BitConverter.UInt64BitsToDouble(BinaryPrimitives.ReadUInt64LittleEndian(_data[_pos..])));
                        _pos += 8;
                    }
                }
                else
                {
                    return Fail($"series {i}: unknown sample encoding {encoding}");
                }
                total += count;
                series[i] = new SeriesSamples(key, samples);
            }
            if (total != sampleCount)
            {
                return Fail($"holds {total} samples, header says {sampleCount}");
            }
            if (_pos != _data.Length)
            {
                return Fail($"{_data.Length - _pos} bytes left after the last series");
            }
            batch = new MetricBatch(series);
            return true;
        }

        private bool Varint(out ulong value, string what)
        {
            if (LabelsBlob.TryReadVarint(_data, ref _pos, out value))
            {
                return true;
            }
            Error = $"truncated {what}";
            return false;
        }

        private bool Fail(string what)
        {
            Error = what;
            return false;
        }
    }
}
