using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Ingest.RemoteWrite;

namespace Vigil.Ingest.Influx;

/// <summary>
/// Reads Influx line protocol (<c>measurement[,tag=value…] field=value[,…] [timestamp]</c>) into a validated
/// <see cref="MetricBatch"/>. Each numeric field becomes the series <c>measurement_field</c> with the tags as labels
/// (Telegraf's Prometheus convention); names are sanitized to valid Prometheus names. One instance per thread.
/// </summary>
internal sealed class InfluxLineParser
{
    [ThreadStatic]
    private static InfluxLineParser? t_instance;

    private static readonly SearchValues<byte> MeasurementStops = SearchValues.Create(", \\"u8);
    private static readonly SearchValues<byte> TagKeyStops = SearchValues.Create(",= \\"u8);
    private static readonly SearchValues<byte> FieldValueStops = SearchValues.Create(", "u8);
    private static readonly SearchValues<byte> FloatChars = SearchValues.Create("0123456789.eE+-"u8);

    private readonly StringInterner _metricNames = new(4096, InternTransform.MetricName);
    private readonly StringInterner _tagKeys = new(1024, InternTransform.LabelName);
    private readonly StringInterner _tagValues = new(16384);
    private readonly Dictionary<Labels, int> _seriesIndex = [];

    // Raw series text → validated labels, shared by all threads; see SeriesCache. Its own instance: Influx keys and
    // remote write keys are different byte formats.
    private static readonly SeriesCache Cache = new(1 << 18);

    private IngestLimits _limits = IngestLimits.Default;
    private byte[] _scratch = new byte[256];
    private Label[] _tags = new Label[16];
    private TagSpan[] _tagSpans = new TagSpan[16];
    private byte[] _keyScratch = new byte[256];
    private Field[] _fields = new Field[16];
    private Sample[] _samples = new Sample[4096];
    private int[] _sampleSeries = new int[4096];
    private int _sampleCount;
    private Series[] _series = new Series[1024];
    private int _seriesCount;
    private int _lines;
    private int _skippedStrings;

    /// <summary>The calling thread's parser.</summary>
    public static InfluxLineParser Rent() => t_instance ??= new InfluxLineParser();

    /// <summary>Decodes a whole body or throws <see cref="DecodeException"/>; nothing is returned half-done.</summary>
    public InfluxResult Parse(ReadOnlySpan<byte> body, InfluxPrecision precision, long nowMs, IngestLimits limits)
    {
        _limits = limits;
        try
        {
            var lineNumber = 0;
            while (!body.IsEmpty)
            {
                lineNumber++;
                var newline = body.IndexOf((byte)'\n');
                var line = newline < 0 ? body : body[..newline];
                body = newline < 0 ? [] : body[(newline + 1)..];
                if (!line.IsEmpty && line[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }
                ParseLine(line, lineNumber, precision, nowMs);
            }
            return new InfluxResult(Build(), _lines, _skippedStrings);
        }
        finally
        {
            Reset();
        }
    }

    private void ParseLine(ReadOnlySpan<byte> line, int lineNumber, InfluxPrecision precision, long nowMs)
    {
        var i = SkipBlanks(line, 0);
        if (i == line.Length || line[i] == (byte)'#')
        {
            return;
        }
        _lines++;

        // measurement
        var start = i;
        i = Scan(line, i, MeasurementStops, ", "u8);
        if (i == start)
        {
            Fail(lineNumber, i, "missing measurement");
        }
        var measurement = line[start..i];

        // tag set: checked for syntax here, decoded only when the series is not in the cache
        var rawTagCount = 0;
        while (i < line.Length && line[i] == (byte)',')
        {
            i++;
            var keyStart = i;
            i = Scan(line, i, TagKeyStops, ",= "u8);
            if (i == keyStart)
            {
                Fail(lineNumber, i, "empty tag key");
            }
            if (i == line.Length || line[i] != (byte)'=')
            {
                Fail(lineNumber, i, $"tag key \"{Text(line[keyStart..i])}\" has no value (missing '=')");
            }
            var key = line[keyStart..i];
            i++;
            var valueStart = i;
            i = Scan(line, i, TagKeyStops, ",= "u8);
            if (i < line.Length && line[i] == (byte)'=')
            {
                Fail(lineNumber, i, $"unescaped '=' in the value of tag \"{Text(key)}\"");
            }
            if (i == valueStart)
            {
                Fail(lineNumber, i, $"tag \"{Text(key)}\" has an empty value");
            }
            if (rawTagCount + 1 >= _limits.MaxLabelsPerSeries)
            {
                DecodeException.Limit(nameof(IngestLimits.MaxLabelsPerSeries), _limits.MaxLabelsPerSeries, $"line {lineNumber}: the number of labels (tags plus the metric name)");
            }
            if (rawTagCount == _tagSpans.Length)
            {
                Array.Resize(ref _tagSpans, _tagSpans.Length * 2);
            }
            _tagSpans[rawTagCount++] = new TagSpan(keyStart, key.Length, valueStart, i - valueStart);
        }
        var seriesPrefix = line[start..i];
        if (i == line.Length)
        {
            Fail(lineNumber, i, "missing fields: a line needs at least one field after the measurement and tags");
        }
        i = SkipSpaces(line, i);
        if (i == line.Length)
        {
            Fail(lineNumber, i, "missing fields: a line needs at least one field after the measurement and tags");
        }

        // field set
        var fieldCount = 0;
        while (true)
        {
            var keyStart = i;
            i = Scan(line, i, TagKeyStops, ",= "u8);
            if (i == keyStart)
            {
                Fail(lineNumber, i, "empty field key");
            }
            if (i == line.Length || line[i] != (byte)'=')
            {
                Fail(lineNumber, i, $"field \"{Text(line[keyStart..i])}\" has no value (missing '=')");
            }
            var keyEnd = i;
            i++;
            if (i < line.Length && line[i] == (byte)'"')
            {
                i = SkipString(line, i, lineNumber);
                _skippedStrings++;
            }
            else
            {
                var valueStart = i;
                var stop = line[i..].IndexOfAny(FieldValueStops);
                i = stop < 0 ? line.Length : i + stop;
                var value = ParseFieldValue(line[valueStart..i], line[keyStart..keyEnd], valueStart, lineNumber);
                if (fieldCount == _fields.Length)
                {
                    Array.Resize(ref _fields, _fields.Length * 2);
                }
                _fields[fieldCount++] = new Field(keyStart, keyEnd - keyStart, value);
            }
            if (i < line.Length && line[i] == (byte)',')
            {
                i++;
                continue;
            }
            break;
        }

        // timestamp
        var timestampMs = nowMs;
        i = SkipSpaces(line, i);
        if (i < line.Length)
        {
            var timestampStart = i;
            var stop = line[i..].IndexOfAny((byte)' ', (byte)'\t');
            i = stop < 0 ? line.Length : i + stop;
            timestampMs = ParseTimestamp(line[timestampStart..i], precision, timestampStart, lineNumber);
            i = SkipBlanks(line, i);
            if (i < line.Length)
            {
                Fail(lineNumber, i, "unexpected text after the timestamp");
            }
        }

        var tagCount = -1;
        for (var f = 0; f < fieldCount; f++)
        {
            var field = _fields[f];
            var fieldKey = line.Slice(field.KeyStart, field.KeyLength);
            var cacheKey = CacheKey(seriesPrefix, fieldKey);
            if (!Cache.TryGet(cacheKey, _limits, out var labels, out _, out var hash))
            {
                if (tagCount < 0)
                {
                    tagCount = DecodeTags(line, rawTagCount, lineNumber);
                }
                labels = BuildLabels(measurement, fieldKey, tagCount, lineNumber, field.KeyStart, out var metric);
                Cache.Add(cacheKey, hash, labels, metric);
            }
            AddSample(labels, new Sample(timestampMs, field.Value), lineNumber);
        }
        if (fieldCount == 0)
        {
            // Only string fields: nothing to store, but the tags must still be valid.
            DecodeTags(line, rawTagCount, lineNumber);
        }
    }

    /// <summary>The cache key of one series: the raw measurement and tags, the raw field key, the length of the first.</summary>
    private ReadOnlySpan<byte> CacheKey(ReadOnlySpan<byte> seriesPrefix, ReadOnlySpan<byte> fieldKey)
    {
        var length = seriesPrefix.Length + fieldKey.Length + sizeof(int);
        if (_keyScratch.Length < length)
        {
            _keyScratch = new byte[Math.Max(length, _keyScratch.Length * 2)];
        }
        seriesPrefix.CopyTo(_keyScratch);
        fieldKey.CopyTo(_keyScratch.AsSpan(seriesPrefix.Length));
        BinaryPrimitives.WriteInt32LittleEndian(_keyScratch.AsSpan(seriesPrefix.Length + fieldKey.Length), seriesPrefix.Length);
        return _keyScratch.AsSpan(0, length);
    }

    private int DecodeTags(ReadOnlySpan<byte> line, int rawTagCount, int lineNumber)
    {
        var tagCount = 0;
        for (var t = 0; t < rawTagCount; t++)
        {
            var span = _tagSpans[t];
            tagCount = AddTag(tagCount, line.Slice(span.KeyStart, span.KeyLength), span.KeyStart, line.Slice(span.ValueStart, span.ValueLength), span.ValueStart, lineNumber);
        }
        return tagCount;
    }

    /// <summary>Interns, sanitizes and checks a tag, and inserts it into the sorted tag list.</summary>
    private int AddTag(int tagCount, ReadOnlySpan<byte> rawKey, int keyColumn, ReadOnlySpan<byte> rawValue, int valueColumn, int lineNumber)
    {
        var key = _tagKeys.GetOrAdd(Unescape(rawKey, ",= "u8))
            ?? Fail(lineNumber, keyColumn, "tag key is not valid UTF-8");
        if (key.StartsWith("__", StringComparison.Ordinal))
        {
            Fail(lineNumber, keyColumn, $"tag key \"{key}\" is reserved: label names starting with __ are for internal use");
        }
        if (key.Length > _limits.MaxLabelNameLength)
        {
            DecodeException.Limit(nameof(IngestLimits.MaxLabelNameLength), _limits.MaxLabelNameLength, $"line {lineNumber}, column {keyColumn + 1}: the length of tag key \"{key[..Math.Min(key.Length, 64)]}\" ({key.Length})");
        }
        var value = _tagValues.GetOrAdd(Unescape(rawValue, ",= "u8))
            ?? Fail(lineNumber, valueColumn, $"value of tag \"{key}\" is not valid UTF-8");
        if (value.Length > _limits.MaxLabelValueLength)
        {
            DecodeException.Limit(nameof(IngestLimits.MaxLabelValueLength), _limits.MaxLabelValueLength, $"line {lineNumber}, column {valueColumn + 1}: the length of the value of tag \"{key}\" ({value.Length})");
        }
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            Fail(lineNumber, valueColumn, $"value of tag \"{key}\" holds a NUL character");
        }

        // Insertion sort: lines carry a handful of tags, usually sorted already (Telegraf sorts them).
        var at = tagCount;
        while (at > 0)
        {
            var order = string.CompareOrdinal(_tags[at - 1].Name, key);
            if (order == 0)
            {
                Fail(lineNumber, keyColumn, $"duplicate tag key \"{key}\"");
            }
            if (order < 0)
            {
                break;
            }
            at--;
        }
        if (tagCount + 1 >= _tags.Length)
        {
            Array.Resize(ref _tags, _tags.Length * 2);
        }
        Array.Copy(_tags, at, _tags, at + 1, tagCount - at);
        _tags[at] = new Label(key, value);
        return tagCount + 1;
    }

    private Labels BuildLabels(ReadOnlySpan<byte> measurement, ReadOnlySpan<byte> fieldKey, int tagCount, int lineNumber, int column, out string metric)
    {
        metric = MetricName(measurement, fieldKey)
            ?? Fail(lineNumber, column, "measurement or field key is not valid UTF-8");
        var labels = new Label[tagCount + 1];
        var n = 0;
        var placed = false;
        for (var t = 0; t < tagCount; t++)
        {
            if (!placed && string.CompareOrdinal(Label.MetricName, _tags[t].Name) < 0)
            {
                labels[n++] = new Label(Label.MetricName, metric);
                placed = true;
            }
            labels[n++] = _tags[t];
        }
        if (!placed)
        {
            labels[n] = new Label(Label.MetricName, metric);
        }
        return Labels.FromValidatedSorted(labels);
    }

    private void AddSample(Labels key, Sample sample, int lineNumber)
    {
        if (!_seriesIndex.TryGetValue(key, out var index))
        {
            if (_seriesCount == _limits.MaxSeriesPerRequest)
            {
                DecodeException.Limit(nameof(IngestLimits.MaxSeriesPerRequest), _limits.MaxSeriesPerRequest, $"line {lineNumber}: the number of series in the request");
            }
            if (_seriesCount == _series.Length)
            {
                Array.Resize(ref _series, _series.Length * 2);
            }
            index = _seriesCount++;
            _series[index] = new Series(key, 0, long.MinValue, false);
            _seriesIndex.Add(key, index);
        }
        ref var series = ref _series[index];
        series.Count++;
        if (sample.TimestampMs <= series.LastTimestamp)
        {
            series.NeedsSort = true;
        }
        series.LastTimestamp = sample.TimestampMs;

        if (_sampleCount == _limits.MaxSamplesPerRequest)
        {
            DecodeException.Limit(nameof(IngestLimits.MaxSamplesPerRequest), _limits.MaxSamplesPerRequest, $"line {lineNumber}: the number of samples in the request");
        }
        if (_sampleCount == _samples.Length)
        {
            Array.Resize(ref _samples, _samples.Length * 2);
            Array.Resize(ref _sampleSeries, _samples.Length);
        }
        _samples[_sampleCount] = sample;
        _sampleSeries[_sampleCount++] = index;
    }

    /// <summary><c>measurement_field</c>, unescaped, interned and sanitized to a valid metric name.</summary>
    private string? MetricName(ReadOnlySpan<byte> measurement, ReadOnlySpan<byte> fieldKey)
    {
        var needed = measurement.Length + 1 + fieldKey.Length;
        if (_scratch.Length < needed)
        {
            _scratch = new byte[Math.Max(needed, _scratch.Length * 2)];
        }
        var n = UnescapeInto(measurement, ", "u8, _scratch);
        _scratch[n++] = (byte)'_';
        n += UnescapeInto(fieldKey, ",= "u8, _scratch.AsSpan(n));
        return _metricNames.GetOrAdd(_scratch.AsSpan(0, n));
    }

    private static double ParseFieldValue(ReadOnlySpan<byte> token, ReadOnlySpan<byte> key, int column, int lineNumber)
    {
        if (token.IsEmpty)
        {
            Fail(lineNumber, column, $"field \"{Text(key)}\" has an empty value");
        }
        switch (token[^1])
        {
            case (byte)'i':
                if (long.TryParse(token[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    return integer;
                }
                throw Error(lineNumber, column, $"field \"{Text(key)}\": invalid integer \"{Text(token)}\" (a signed 64-bit integer with an i suffix)");
            case (byte)'u':
                if (ulong.TryParse(token[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var unsigned))
                {
                    return unsigned;
                }
                throw Error(lineNumber, column, $"field \"{Text(key)}\": invalid unsigned integer \"{Text(token)}\" (an unsigned 64-bit integer with a u suffix)");
        }
        switch (token.Length)
        {
            case 1 when token[0] is (byte)'t' or (byte)'T':
                return 1;
            case 1 when token[0] is (byte)'f' or (byte)'F':
                return 0;
            case 4 when token.SequenceEqual("true"u8) || token.SequenceEqual("True"u8) || token.SequenceEqual("TRUE"u8):
                return 1;
            case 5 when token.SequenceEqual("false"u8) || token.SequenceEqual("False"u8) || token.SequenceEqual("FALSE"u8):
                return 0;
        }
        // Only digits, signs, a point and an exponent: keeps out "NaN", "Infinity" and other words double.TryParse knows.
        if (!token.ContainsAnyExcept(FloatChars)
            && double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number))
        {
            return number;
        }
        throw Error(lineNumber, column, $"field \"{Text(key)}\": invalid value \"{Text(token)}\" (expected a float, an integer with i, an unsigned with u, a boolean or a quoted string)");
    }

    private static long ParseTimestamp(ReadOnlySpan<byte> token, InfluxPrecision precision, int column, int lineNumber)
    {
        if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Fail(lineNumber, column, $"invalid timestamp \"{Text(token)}\" (an integer in the request's precision)");
        }
        var factor = precision switch
        {
            InfluxPrecision.Seconds => 1000L,
            InfluxPrecision.Minutes => 60_000L,
            InfluxPrecision.Hours => 3_600_000L,
            _ => 1L,
        };
        if (factor > 1)
        {
            if (value > long.MaxValue / factor || value < long.MinValue / factor)
            {
                Fail(lineNumber, column, $"timestamp {value} is out of range for precision {precision}");
            }
            return value * factor;
        }
        return precision switch
        {
            InfluxPrecision.Nanoseconds => FloorDiv(value, 1_000_000L),
            InfluxPrecision.Microseconds => FloorDiv(value, 1_000L),
            _ => value,
        };
    }

    /// <summary>Division that rounds toward minus infinity, so times before 1970 land in the right millisecond.</summary>
    private static long FloorDiv(long value, long divisor)
    {
        var (quotient, remainder) = Math.DivRem(value, divisor);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>Skips a double-quoted string field value (escapes: <c>\"</c> and <c>\\</c>); returns the index after it.</summary>
    private static int SkipString(ReadOnlySpan<byte> line, int quote, int lineNumber)
    {
        var i = quote + 1;
        while (i < line.Length)
        {
            var next = line[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0)
            {
                break;
            }
            i += next;
            if (line[i] == (byte)'"')
            {
                return i + 1;
            }
            i += 2; // a backslash and whatever it escapes
        }
        throw Error(lineNumber, quote, "unterminated string field value (missing closing quote)");
    }

    /// <summary>
    /// Advances to the first unescaped delimiter. A backslash escapes the next byte when that byte is one of
    /// <paramref name="escapable"/>; before any other byte it is an ordinary character.
    /// </summary>
    private static int Scan(ReadOnlySpan<byte> line, int i, SearchValues<byte> stops, ReadOnlySpan<byte> escapable)
    {
        while (i < line.Length)
        {
            var next = line[i..].IndexOfAny(stops);
            if (next < 0)
            {
                return line.Length;
            }
            i += next;
            if (line[i] != (byte)'\\')
            {
                return i;
            }
            i += i + 1 < line.Length && escapable.Contains(line[i + 1]) ? 2 : 1;
        }
        return i;
    }

    private ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> escapable)
    {
        if (!raw.Contains((byte)'\\'))
        {
            return raw;
        }
        if (_scratch.Length < raw.Length)
        {
            _scratch = new byte[Math.Max(raw.Length, _scratch.Length * 2)];
        }
        return _scratch.AsSpan(0, UnescapeInto(raw, escapable, _scratch));
    }

    private static int UnescapeInto(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> escapable, Span<byte> destination)
    {
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == (byte)'\\' && i + 1 < raw.Length && escapable.Contains(raw[i + 1]))
            {
                i++;
            }
            destination[n++] = raw[i];
        }
        return n;
    }

    private static int SkipBlanks(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }
        return i;
    }

    private static int SkipSpaces(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && line[i] == (byte)' ')
        {
            i++;
        }
        return i;
    }

    private MetricBatch Build()
    {
        if (_seriesCount == 0)
        {
            return MetricBatch.Empty;
        }
        var arrays = new Sample[_seriesCount][];
        var filled = new int[_seriesCount];
        for (var s = 0; s < _seriesCount; s++)
        {
            arrays[s] = new Sample[_series[s].Count];
        }
        for (var k = 0; k < _sampleCount; k++)
        {
            var s = _sampleSeries[k];
            arrays[s][filled[s]++] = _samples[k];
        }
        var result = new SeriesSamples[_seriesCount];
        for (var s = 0; s < _seriesCount; s++)
        {
            var samples = _series[s].NeedsSort ? SortLastWins(arrays[s]) : arrays[s];
            SeriesKey.TryCreate(_series[s].Labels, out var key, out _);
            result[s] = new SeriesSamples(key, samples);
        }
        return new MetricBatch(result);
    }

    /// <summary>
    /// Lines may come in any order: sorts by time, and of two points with the same timestamp keeps the later line,
    /// as InfluxDB does (last write wins).
    /// </summary>
    private static Sample[] SortLastWins(Sample[] samples)
    {
        var order = new int[samples.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) =>
        {
            var c = samples[a].TimestampMs.CompareTo(samples[b].TimestampMs);
            return c != 0 ? c : a.CompareTo(b);
        });
        var sorted = new List<Sample>(samples.Length);
        foreach (var i in order)
        {
            if (sorted.Count > 0 && sorted[^1].TimestampMs == samples[i].TimestampMs)
            {
                sorted[^1] = samples[i];
            }
            else
            {
                sorted.Add(samples[i]);
            }
        }
        return [.. sorted];
    }

    private void Reset()
    {
        _sampleCount = 0;
        Array.Clear(_series, 0, _seriesCount);
        Array.Clear(_tags);
        _seriesCount = 0;
        _lines = 0;
        _skippedStrings = 0;
        _seriesIndex.Clear();
        if (_samples.Length > 1 << 20)
        {
            _samples = new Sample[4096];
            _sampleSeries = new int[4096];
        }
        if (_series.Length > 1 << 18)
        {
            _series = new Series[1024];
            _seriesIndex.TrimExcess(1024);
        }
    }

    private static string Text(ReadOnlySpan<byte> bytes)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes.Length <= 64 ? bytes : bytes[..64]);
        return bytes.Length <= 64 ? text : text + "…";
    }

    [DoesNotReturn]
    private static string Fail(int lineNumber, int index, string message) => throw Error(lineNumber, index, message);

    private static DecodeException Error(int lineNumber, int index, string message) =>
        new(IngestError.Malformed($"line {lineNumber}, column {index + 1}: {message}"));

    private readonly record struct TagSpan(int KeyStart, int KeyLength, int ValueStart, int ValueLength);

    private readonly record struct Field(int KeyStart, int KeyLength, double Value);

    private struct Series(Labels labels, int count, long lastTimestamp, bool needsSort)
    {
        public readonly Labels Labels = labels;
        public int Count = count;
        public long LastTimestamp = lastTimestamp;
        public bool NeedsSort = needsSort;
    }
}
