using System.Diagnostics.CodeAnalysis;
using Vigil.Core.Ingest;
using Vigil.Core.Series;

namespace Vigil.Ingest.RemoteWrite;

/// <summary>
/// Reads an uncompressed <c>prometheus.WriteRequest</c> straight from its wire bytes into a validated
/// <see cref="MetricBatch"/>. One instance per thread (see <see cref="Rent"/>): it keeps its interned strings and
/// scratch buffers between requests, so steady traffic allocates little beyond the batch itself.
/// </summary>
/// <remarks>
/// Hand-rolled over the field numbers of <c>Protos/prometheus/*.proto</c> instead of
/// <c>WriteRequest.Parser.ParseFrom</c>: the generated types allocate a message object per label and per sample and
/// a fresh string per label name and value, before any validation. Measured on the 10,000-sample node-exporter-like
/// requests of <c>RemoteWriteDecoderBenchmark</c> (docs/benchmarks.md): the generated parser alone takes 23.5 ms of
/// CPU and allocates 1,258 bytes per sample; this whole decode, snappy and validation included, 5.1 ms and 97 bytes.
/// The generated types stay for the tests.
/// </remarks>
internal sealed class RemoteWriteParser
{
    [ThreadStatic]
    private static RemoteWriteParser? t_instance;

    private readonly StringInterner _names = new(1024);
    private readonly StringInterner _values = new(16384);
    private readonly Dictionary<Labels, int> _seriesIndex = [];
    private readonly SeriesCache _cache;

    private IngestLimits _limits = IngestLimits.Default;
    private Label[] _labels = new Label[32];
    private LabelSpan[] _labelSpans = new LabelSpan[32];
    private Sample[] _samples = new Sample[4096];
    private int _sampleCount;
    private Run[] _runs = new Run[1024];
    private int _runCount;
    private Series[] _series = new Series[1024];
    private int _seriesCount;
    private int _histograms;
    private int _exemplars;

    /// <param name="cache">The series cache to consult; <see cref="SeriesCache.Shared"/> in production.</param>
    public RemoteWriteParser(SeriesCache cache) => _cache = cache;

    /// <summary>The calling thread's parser, on the shared series cache.</summary>
    public static RemoteWriteParser Rent() => t_instance ??= new RemoteWriteParser(SeriesCache.Shared);

    /// <summary>Decodes a whole request or throws <see cref="DecodeException"/>; nothing is returned half-done.</summary>
    public RemoteWriteResult Parse(ReadOnlySpan<byte> protobuf, IngestLimits limits)
    {
        _limits = limits;
        try
        {
            var reader = new ProtoReader(protobuf);
            var index = 0;
            while (!reader.End)
            {
                var tagAt = reader.Offset;
                var (field, wire) = reader.ReadTag();
                if (field == 1)
                {
                    ProtoReader.Expect(wire, WireType.LengthDelimited, "WriteRequest.timeseries", tagAt);
                    var series = reader.ReadMessage();
                    ReadSeries(protobuf, ref series, index++);
                }
                else
                {
                    // metadata (3) and fields of later versions: nothing Vigil stores.
                    reader.Skip(wire, tagAt);
                }
            }
            return new RemoteWriteResult(Build(), _histograms, _exemplars);
        }
        finally
        {
            Reset();
        }
    }

    private void ReadSeries(ReadOnlySpan<byte> buffer, ref ProtoReader reader, int index)
    {
        var labelCount = 0;
        var firstSample = _sampleCount;
        int labelsStart = -1, labelsEnd = -1;
        var contiguous = true;
        while (!reader.End)
        {
            var tagAt = reader.Offset;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(wire, WireType.LengthDelimited, "TimeSeries.labels", tagAt);
                    if (labelCount == _limits.MaxLabelsPerSeries)
                    {
                        DecodeException.Limit(nameof(IngestLimits.MaxLabelsPerSeries), _limits.MaxLabelsPerSeries, $"series {index}: the number of labels");
                    }
                    if (labelsStart < 0)
                    {
                        labelsStart = tagAt;
                    }
                    else if (labelsEnd != tagAt)
                    {
                        contiguous = false;
                    }
                    var label = reader.ReadMessage();
                    if (labelCount == _labelSpans.Length)
                    {
                        Array.Resize(ref _labelSpans, _labelSpans.Length * 2);
                    }
                    _labelSpans[labelCount++] = ReadLabel(ref label);
                    labelsEnd = reader.Offset;
                    break;
                case 2:
                    ProtoReader.Expect(wire, WireType.LengthDelimited, "TimeSeries.samples", tagAt);
                    var sample = reader.ReadMessage();
                    AddSample(ReadSample(ref sample));
                    break;
                case 3:
                    _exemplars++;
                    reader.Skip(wire, tagAt);
                    break;
                case 4:
                    _histograms++;
                    reader.Skip(wire, tagAt);
                    break;
                default:
                    reader.Skip(wire, tagAt);
                    break;
            }
        }

        // Prometheus writes the labels of a series as one run of fields, byte for byte the same every scrape:
        // that run is the cache key. Anything else takes the slow path every time.
        var raw = labelCount > 0 && contiguous ? buffer[labelsStart..labelsEnd] : [];
        ulong hash = 0;
        if (raw.IsEmpty || !_cache.TryGet(raw, _limits, out var labels, out var metric, out hash))
        {
            InternLabels(buffer, index, labelCount);
            metric = ValidateLabels(index, labelCount);
            labels = Labels.FromValidatedSorted(_labels.AsSpan(0, labelCount).ToArray());
            if (!raw.IsEmpty)
            {
                _cache.Add(raw, hash, labels, metric);
            }
        }
        var count = CheckOrder(index, metric, firstSample);
        if (count == 0)
        {
            // Only histograms or exemplars, or nothing at all: the labels were valid, there is nothing to store.
            return;
        }
        AddRun(labels, metric, index, firstSample, count);
    }

    /// <summary>Reads one <c>Label</c> message, leaving its name and value where they are.</summary>
    private static LabelSpan ReadLabel(ref ProtoReader reader)
    {
        var span = new LabelSpan(reader.Offset, 0, reader.Offset, 0);
        while (!reader.End)
        {
            var tagAt = reader.Offset;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(wire, WireType.LengthDelimited, "Label.name", tagAt);
                    span = span with { NameLength = reader.ReadBytes(out var nameAt).Length, NameAt = nameAt };
                    break;
                case 2:
                    ProtoReader.Expect(wire, WireType.LengthDelimited, "Label.value", tagAt);
                    span = span with { ValueLength = reader.ReadBytes(out var valueAt).Length, ValueAt = valueAt };
                    break;
                default:
                    reader.Skip(wire, tagAt);
                    break;
            }
        }
        return span;
    }

    /// <summary>Turns the label bytes of a series into (interned) strings, checking UTF-8 and lengths.</summary>
    private void InternLabels(ReadOnlySpan<byte> buffer, int index, int count)
    {
        if (_labels.Length < count)
        {
            _labels = new Label[Math.Max(count, _labels.Length * 2)];
        }
        for (var i = 0; i < count; i++)
        {
            var span = _labelSpans[i];
            var name = _names.GetOrAdd(buffer.Slice(span.NameAt, span.NameLength))
                ?? Fail($"series {index}: label name at byte {span.NameAt} is not valid UTF-8");
            if (name.Length > _limits.MaxLabelNameLength)
            {
                DecodeException.Limit(nameof(IngestLimits.MaxLabelNameLength), _limits.MaxLabelNameLength, $"series {index}: the length of label name \"{Truncate(name)}\" ({name.Length})");
            }
            var value = _values.GetOrAdd(buffer.Slice(span.ValueAt, span.ValueLength))
                ?? Fail($"series {index}: value of label \"{name}\" at byte {span.ValueAt} is not valid UTF-8");
            if (value.Length > _limits.MaxLabelValueLength)
            {
                DecodeException.Limit(nameof(IngestLimits.MaxLabelValueLength), _limits.MaxLabelValueLength, $"series {index}: the length of the value of label \"{name}\" ({value.Length})");
            }
            _labels[i] = new Label(name, value);
        }
    }

    private static Sample ReadSample(ref ProtoReader reader)
    {
        ulong bits = 0;
        long timestamp = 0;
        while (!reader.End)
        {
            var tagAt = reader.Offset;
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(wire, WireType.Fixed64, "Sample.value", tagAt);
                    bits = reader.ReadFixed64();
                    break;
                case 2:
                    ProtoReader.Expect(wire, WireType.Varint, "Sample.timestamp", tagAt);
                    timestamp = (long)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(wire, tagAt);
                    break;
            }
        }
        // From the bits, so that the staleness marker and every other NaN payload arrive bit for bit.
        return new Sample(timestamp, BitConverter.UInt64BitsToDouble(bits));
    }

    private void AddSample(Sample sample)
    {
        if (_sampleCount == _limits.MaxSamplesPerRequest)
        {
            DecodeException.Limit(nameof(IngestLimits.MaxSamplesPerRequest), _limits.MaxSamplesPerRequest, "the number of samples in the request");
        }
        if (_sampleCount == _samples.Length)
        {
            Array.Resize(ref _samples, _samples.Length * 2);
        }
        _samples[_sampleCount++] = sample;
    }

    /// <summary>Applies the specification's label rules; returns the metric name.</summary>
    private string ValidateLabels(int index, int count)
    {
        var labels = _labels.AsSpan(0, count);
        string? metric = null;
        foreach (ref readonly var label in labels)
        {
            if (ReferenceEquals(label.Name, Label.MetricName) || label.Name == Label.MetricName)
            {
                metric = label.Value;
                break;
            }
        }
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label.Name == Label.MetricName)
            {
                if (!LabelNames.IsValidMetricName(label.Value))
                {
                    Refuse(index, metric, label.Value.Length == 0 ? new(LabelErrorKind.MissingMetricName) : new(LabelErrorKind.InvalidMetricName, label.Name, label.Value));
                }
            }
            else
            {
                if (!LabelNames.IsValidLabelName(label.Name))
                {
                    Refuse(index, metric, new(LabelErrorKind.InvalidLabelName, label.Name));
                }
                if (label.Name.StartsWith("__", StringComparison.Ordinal))
                {
                    Fail($"{Where(index, metric)}: label name \"{label.Name}\" is reserved: names starting with __ are for Prometheus's internal use");
                }
                if (label.Value.Length == 0)
                {
                    Fail($"{Where(index, metric)}: label \"{label.Name}\" has an empty value: remote write label values must not be empty");
                }
            }
            if (i > 0)
            {
                var order = string.CompareOrdinal(labels[i - 1].Name, label.Name);
                if (order == 0)
                {
                    Refuse(index, metric, new(LabelErrorKind.DuplicateLabelName, label.Name));
                }
                if (order > 0)
                {
                    Refuse(index, metric, new(LabelErrorKind.UnsortedLabelNames, label.Name, labels[i - 1].Name));
                }
            }
            if (label.Value.Contains('\0', StringComparison.Ordinal))
            {
                Refuse(index, metric, new(LabelErrorKind.InvalidLabelValue, label.Name, "holds a NUL character"));
            }
        }
        if (metric is null)
        {
            Refuse(index, metric, new(LabelErrorKind.MissingMetricName));
        }
        return metric;
    }

    /// <summary>
    /// Checks that the samples of one series message rise strictly in time; a repeated (timestamp, value) is
    /// collapsed. Returns how many samples remain.
    /// </summary>
    private int CheckOrder(int index, string metric, int first)
    {
        var samples = _samples;
        var end = _sampleCount;
        if (end - first < 2)
        {
            return end - first;
        }
        var write = first + 1;
        for (var read = first + 1; read < end; read++)
        {
            var previous = samples[write - 1];
            var current = samples[read];
            if (current.TimestampMs > previous.TimestampMs)
            {
                samples[write++] = current;
            }
            else if (current.TimestampMs < previous.TimestampMs)
            {
                Fail($"{Where(index, metric)}: sample {read - first} (timestamp {current.TimestampMs}) is older than the sample before it (timestamp {previous.TimestampMs}): samples must be in increasing time order");
            }
            else if (BitConverter.DoubleToUInt64Bits(current.Value) != BitConverter.DoubleToUInt64Bits(previous.Value))
            {
                Fail($"{Where(index, metric)}: sample {read - first} repeats timestamp {current.TimestampMs} with a different value ({current.Value} after {previous.Value})");
            }
            // else: an exact repeat, dropped.
        }
        _sampleCount = write;
        return write - first;
    }

    private void AddRun(Labels labels, string metric, int index, int start, int count)
    {
        if (_runCount == _runs.Length)
        {
            Array.Resize(ref _runs, _runs.Length * 2);
        }
        var run = _runCount++;
        _runs[run] = new Run(start, count, -1);

        if (_seriesIndex.TryGetValue(labels, out var existing))
        {
            // The same series twice in one request: merged, in time order, when the batch is built.
            ref var series = ref _series[existing];
            _runs[series.LastRun].Next = run;
            series.LastRun = run;
            series.SampleCount += count;
            series.Merged = true;
            return;
        }
        // Distinct series: Prometheus sends one TimeSeries message per sample, so a series scraped twice before a
        // send appears twice; the body size and the sample limit bound the number of messages.
        if (_seriesCount == _limits.MaxSeriesPerRequest)
        {
            DecodeException.Limit(nameof(IngestLimits.MaxSeriesPerRequest), _limits.MaxSeriesPerRequest, $"series {index}: the number of distinct series in the request");
        }
        if (_seriesCount == _series.Length)
        {
            Array.Resize(ref _series, _series.Length * 2);
        }
        _seriesIndex.Add(labels, _seriesCount);
        _series[_seriesCount++] = new Series(labels, metric, index, run, run, count, false);
    }

    private MetricBatch Build()
    {
        if (_seriesCount == 0)
        {
            return MetricBatch.Empty;
        }
        // Validate the merged series first: an error there must leave nothing built.
        var arrays = new Sample[_seriesCount][];
        for (var i = 0; i < _seriesCount; i++)
        {
            ref readonly var series = ref _series[i];
            arrays[i] = series.Merged ? Merge(series) : _samples.AsSpan(_runs[series.FirstRun].Start, series.SampleCount).ToArray();
        }
        var result = new SeriesSamples[_seriesCount];
        for (var i = 0; i < _seriesCount; i++)
        {
            SeriesKey.TryCreate(_series[i].Labels, out var key, out _);
            result[i] = new SeriesSamples(key, arrays[i]);
        }
        return new MetricBatch(result);
    }

    private Sample[] Merge(in Series series)
    {
        var merged = new Sample[series.SampleCount];
        var n = 0;
        for (var run = series.FirstRun; run >= 0; run = _runs[run].Next)
        {
            _samples.AsSpan(_runs[run].Start, _runs[run].Count).CopyTo(merged.AsSpan(n));
            n += _runs[run].Count;
        }
        merged.AsSpan().Sort(static (a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
        var write = 1;
        for (var read = 1; read < merged.Length; read++)
        {
            if (merged[read].TimestampMs != merged[write - 1].TimestampMs)
            {
                merged[write++] = merged[read];
            }
            else if (BitConverter.DoubleToUInt64Bits(merged[read].Value) != BitConverter.DoubleToUInt64Bits(merged[write - 1].Value))
            {
                Fail($"{Where(series.FirstIndex, series.Metric)}: the series appears more than once in the request with different values at timestamp {merged[read].TimestampMs}");
            }
        }
        return write == merged.Length ? merged : merged[..write];
    }

    private void Reset()
    {
        _sampleCount = 0;
        _runCount = 0;
        Array.Clear(_series, 0, _seriesCount);
        _seriesCount = 0;
        _histograms = 0;
        _exemplars = 0;
        _seriesIndex.Clear();
        // One huge request must not pin its buffers for the life of the thread.
        if (_samples.Length > 1 << 20)
        {
            _samples = new Sample[4096];
        }
        if (_series.Length > 1 << 18)
        {
            _series = new Series[1024];
            _runs = new Run[1024];
        }
        if (_seriesIndex.EnsureCapacity(0) > 1 << 18)
        {
            _seriesIndex.TrimExcess(1024);
        }
    }

    private static string Where(int index, string? metric) => metric is null ? $"series {index}" : $"series {index} ({metric})";

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");

    [DoesNotReturn]
    private static void Refuse(int index, string? metric, LabelError error) => Fail($"{Where(index, metric)}: {error.Message}");

    [DoesNotReturn]
    private static string Fail(string message) => throw new DecodeException(IngestError.Malformed(message));

    /// <summary>Where the name and value of one label sit in the request buffer.</summary>
    private readonly record struct LabelSpan(int NameAt, int NameLength, int ValueAt, int ValueLength);

    private struct Run(int start, int count, int next)
    {
        public readonly int Start = start;
        public readonly int Count = count;
        public int Next = next;
    }

    private struct Series(Labels labels, string metric, int firstIndex, int firstRun, int lastRun, int sampleCount, bool merged)
    {
        public readonly Labels Labels = labels;
        public readonly string Metric = metric;
        public readonly int FirstIndex = firstIndex;
        public readonly int FirstRun = firstRun;
        public int LastRun = lastRun;
        public int SampleCount = sampleCount;
        public bool Merged = merged;
    }
}
