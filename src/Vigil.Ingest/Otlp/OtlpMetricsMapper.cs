using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf.Collections;
using Vigil.Core.Ingest;
using Vigil.Core.Series;
using Vigil.Ingest.Otlp.Proto.Collector;
using Vigil.Ingest.Otlp.Proto.Common;
using Vigil.Ingest.Otlp.Proto.Metrics;

namespace Vigil.Ingest.Otlp;

/// <summary>
/// Maps one parsed OTLP request to Prometheus series, as Prometheus's OTLP receiver does (OpenTelemetry's
/// "Prometheus and OpenMetrics compatibility" spec). One instance per request.
/// <list type="bullet">
/// <item>Names: <see cref="PrometheusNaming"/> (sanitized, unit suffix, <c>_total</c> for monotonic sums,
/// <c>_ratio</c> for gauges of unit 1).</item>
/// <item>Labels: the promoted resource attributes (<see cref="OtlpMetricsOptions"/>), then the data point attributes
/// (sanitized names; a point attribute wins over a resource one of the same label name; attributes whose names
/// sanitize alike are joined with <c>;</c> in key order, as Prometheus does). Scope attributes are not labels.</item>
/// <item>Gauge → one series. Sum: monotonic → counter <c>name_total</c>, non-monotonic → gauge; cumulative points as
/// they are, delta points through <see cref="DeltaToCumulative"/>.</item>
/// <item>Histogram → <c>name_bucket{le="b"}</c> with cumulative counts (each bound's count plus all below it),
/// <c>name_bucket{le="+Inf"}</c> = count, <c>name_sum</c> (when the point has a sum), <c>name_count</c>.</item>
/// <item>Summary → <c>name{quantile="q"}</c> per quantile, <c>name_sum</c>, <c>name_count</c>.</item>
/// <item>Exponential histogram → refused per point (Vigil has no native histograms; configure the exporter for
/// explicit buckets).</item>
/// <item>A point flagged "no recorded value" becomes the Prometheus staleness marker, as the spec says; NaN and
/// ±Inf values are kept. Timestamps: <c>time_unix_nano</c> truncated to milliseconds; 0 is refused.</item>
/// <item>Two samples of one series at the same millisecond: the first in request order is kept, the others refused.</item>
/// </list>
/// </summary>
internal sealed class OtlpMetricsMapper
{
    private const int MaxReportedProblems = 5;

    private readonly OtlpMetricsOptions _options;
    private readonly IngestLimits _limits;
    private readonly DeltaToCumulative? _deltaState;

    // Samples go into one flat list tagged with a series index (no list per series), and BuildBatch sizes each
    // series' array exactly. The lists and the index are presized from a count of the request's samples, so
    // none of them regrows: on the benchmark that saved ~115 B per sample (1,269 → 1,154 KB per 1,000 points).
    private readonly Dictionary<Labels, int> _seriesIndex;
    private readonly List<Labels> _seriesLabels;
    private readonly List<int> _seriesCounts;
    private readonly List<PendingSample> _pending;
    private readonly List<DeltaSample> _deltas = [];
    private readonly List<AttributeEntry> _resourceEntries = [];
    private readonly List<AttributeEntry> _entries = [];
    private readonly List<Label> _base = [];
    private readonly List<string> _problems = [];
    private readonly HashSet<int> _rejectedPoints = [];

    private int _pointCount; // data points seen; also the id of the next point
    private long _rejected;   // points refused while mapping (those in _rejectedPoints are counted at the end)
    private int _sampleCount;
    private int _problemCount;
    private IngestError? _fatal;

    // Where the mapper is, for messages.
    private int _resourceIndex, _scopeIndex, _metricIndex;
    private string _metricName = "";
    private string _otlpName = "";

    public OtlpMetricsMapper(OtlpMetricsOptions options, IngestLimits limits, DeltaToCumulative? deltas, int expectedSamples)
    {
        _options = options;
        _limits = limits;
        _deltaState = deltas;
        // The count comes from the request, so it is capped by the limit before memory is reserved for it.
        var capacity = Math.Min(expectedSamples, limits.MaxSamplesPerRequest);
        _seriesIndex = new Dictionary<Labels, int>(Math.Min(capacity, limits.MaxSeriesPerRequest));
        _seriesLabels = new List<Labels>(Math.Min(capacity, limits.MaxSeriesPerRequest));
        _seriesCounts = new List<int>(Math.Min(capacity, limits.MaxSeriesPerRequest));
        _pending = new List<PendingSample>(capacity);
    }

    /// <summary>How many samples <paramref name="request"/> makes at most: one per number point, buckets + 3 per histogram point, quantiles + 2 per summary point.</summary>
    public static int CountSamples(ExportMetricsServiceRequest request)
    {
        long count = 0;
        var resources = request.ResourceMetrics;
        for (var r = 0; r < resources.Count; r++)
        {
            var scopes = resources[r].ScopeMetrics;
            for (var s = 0; s < scopes.Count; s++)
            {
                var metrics = scopes[s].Metrics;
                for (var m = 0; m < metrics.Count; m++)
                {
                    var metric = metrics[m];
                    switch (metric.DataCase)
                    {
                        case Metric.DataOneofCase.Gauge:
                            count += metric.Gauge.DataPoints.Count;
                            break;
                        case Metric.DataOneofCase.Sum:
                            count += metric.Sum.DataPoints.Count;
                            break;
                        case Metric.DataOneofCase.Histogram:
                            var histogramPoints = metric.Histogram.DataPoints;
                            for (var p = 0; p < histogramPoints.Count; p++)
                            {
                                count += histogramPoints[p].ExplicitBounds.Count + 3;
                            }
                            break;
                        case Metric.DataOneofCase.Summary:
                            var summaryPoints = metric.Summary.DataPoints;
                            for (var p = 0; p < summaryPoints.Count; p++)
                            {
                                count += summaryPoints[p].QuantileValues.Count + 2;
                            }
                            break;
                    }
                }
            }
        }
        return (int)Math.Min(count, int.MaxValue);
    }

    public bool TryMap(ExportMetricsServiceRequest request, [NotNullWhen(true)] out OtlpMetricsResult? result, [NotNullWhen(false)] out IngestError? error)
    {
        result = null;
        for (_resourceIndex = 0; _resourceIndex < request.ResourceMetrics.Count; _resourceIndex++)
        {
            var resourceMetrics = request.ResourceMetrics[_resourceIndex];
            CollectResourceLabels(resourceMetrics.Resource);
            for (_scopeIndex = 0; _scopeIndex < resourceMetrics.ScopeMetrics.Count; _scopeIndex++)
            {
                var metrics = resourceMetrics.ScopeMetrics[_scopeIndex].Metrics;
                for (_metricIndex = 0; _metricIndex < metrics.Count; _metricIndex++)
                {
                    MapMetric(metrics[_metricIndex]);
                    if (_fatal is not null)
                    {
                        error = _fatal;
                        return false;
                    }
                }
            }
        }

        // Only now, with the whole request known to be within limits, does the delta state change.
        ApplyDeltas();

        var batch = BuildBatch();
        var rejected = _rejected + _rejectedPoints.Count;
        var message = _problemCount == 0 ? null
            : string.Join("; ", _problems) + (_problemCount > _problems.Count ? $"; and {_problemCount - _problems.Count} more problems" : "");
        result = new OtlpMetricsResult(batch, _pointCount - rejected, rejected, message);
        error = null;
        return true;
    }

    private void MapMetric(Metric metric)
    {
        var kind = metric.DataCase switch
        {
            Metric.DataOneofCase.Gauge => PrometheusMetricType.Gauge,
            Metric.DataOneofCase.Sum => metric.Sum.IsMonotonic ? PrometheusMetricType.Counter : PrometheusMetricType.Gauge,
            _ => PrometheusMetricType.Distribution,
        };
        var pointCount = metric.DataCase switch
        {
            Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Count,
            Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Count,
            Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Count,
            Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Count,
            Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Count,
            _ => 0,
        };
        if (pointCount == 0)
        {
            return; // nothing to store, nothing to refuse
        }

        _otlpName = metric.Name;
        _metricName = PrometheusNaming.MetricName(metric.Name, metric.Unit, kind);
        if (_metricName.Length == 0)
        {
            RejectMetric(pointCount, metric.Name.Length == 0 ? "metric has no name" : $"metric name \"{metric.Name}\" holds no character usable in a Prometheus name");
            return;
        }
        if (_metricName.Length + "_bucket".Length > _limits.MaxLabelValueLength)
        {
            Fail(IngestError.Limit(nameof(IngestLimits.MaxLabelValueLength), _limits.MaxLabelValueLength, $"{Where()}: metric name of {_metricName.Length} characters"));
            return;
        }

        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                MapNumbers(metric.Gauge.DataPoints, delta: false);
                break;
            case Metric.DataOneofCase.Sum:
                if (TryTemporality(metric.Sum.AggregationTemporality, "sum", "sums", pointCount, out var deltaSum))
                {
                    MapNumbers(metric.Sum.DataPoints, deltaSum);
                }
                break;
            case Metric.DataOneofCase.Histogram:
                if (TryTemporality(metric.Histogram.AggregationTemporality, "histogram", "histograms", pointCount, out var deltaHistogram))
                {
                    MapHistograms(metric.Histogram.DataPoints, deltaHistogram);
                }
                break;
            case Metric.DataOneofCase.Summary:
                MapSummaries(metric.Summary.DataPoints);
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                RejectMetric(pointCount, "exponential histograms are not supported (configure the exporter to send explicit-bucket histograms)");
                break;
        }
    }

    private void MapNumbers(RepeatedField<NumberDataPoint> points, bool delta)
    {
        for (var i = 0; i < points.Count && _fatal is null; i++)
        {
            var point = points[i];
            var id = _pointCount++;
            if (!TryTimestamp(point.TimeUnixNano, i, out var timestampMs))
            {
                continue;
            }
            double value;
            var stale = (point.Flags & (uint)DataPointFlags.NoRecordedValueMask) != 0;
            if (stale)
            {
                value = Sample.StaleNaN;
            }
            else if (point.ValueCase == NumberDataPoint.ValueOneofCase.AsDouble)
            {
                value = point.AsDouble;
            }
            else if (point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt)
            {
                value = point.AsInt;
            }
            else
            {
                RejectPoint(i, "has no value (neither as_double nor as_int)");
                continue;
            }
            if (!TryBaseLabels(point.Attributes, i))
            {
                return;
            }
            var labels = BuildLabels(_metricName, null, null, i);
            if (labels is null)
            {
                return;
            }
            // A staleness marker is written as it is; it must not reach a running total.
            var isDelta = delta && !stale;
            Add(labels, timestampMs, value, id, isDelta ? point.StartTimeUnixNano : 0, isDelta ? point.TimeUnixNano : 0, i);
        }
    }

    private void MapHistograms(RepeatedField<HistogramDataPoint> points, bool delta)
    {
        var bucketName = _metricName + "_bucket";
        var sumName = _metricName + "_sum";
        var countName = _metricName + "_count";
        for (var i = 0; i < points.Count && _fatal is null; i++)
        {
            var point = points[i];
            var id = _pointCount++;
            if (!TryTimestamp(point.TimeUnixNano, i, out var timestampMs))
            {
                continue;
            }
            var bounds = point.ExplicitBounds;
            var counts = point.BucketCounts;
            if (counts.Count != 0 && counts.Count != bounds.Count + 1)
            {
                RejectPoint(i, $"has {counts.Count} bucket_counts for {bounds.Count} explicit_bounds (expected {bounds.Count + 1})");
                continue;
            }
            if (!AreAscending(bounds))
            {
                RejectPoint(i, "has explicit_bounds that are not strictly ascending finite numbers");
                continue;
            }
            if (!TryBaseLabels(point.Attributes, i))
            {
                return;
            }

            var stale = (point.Flags & (uint)DataPointFlags.NoRecordedValueMask) != 0;
            // A staleness marker is written as it is; it must not reach a running total.
            var start = delta && !stale ? point.StartTimeUnixNano : 0;
            var time = delta && !stale ? point.TimeUnixNano : 0;
            ulong cumulative = 0;
            for (var b = 0; b < counts.Count - 1; b++)
            {
                cumulative += counts[b];
                if (!AddDerived(bucketName, "le", PrometheusNaming.FormatFloat(bounds[b]), stale ? Sample.StaleNaN : cumulative, timestampMs, id, start, time, i))
                {
                    return;
                }
            }
            if (!AddDerived(bucketName, "le", "+Inf", stale ? Sample.StaleNaN : point.Count, timestampMs, id, start, time, i)
                || (point.HasSum && !AddDerived(sumName, null, null, stale ? Sample.StaleNaN : point.Sum, timestampMs, id, start, time, i))
                || !AddDerived(countName, null, null, stale ? Sample.StaleNaN : point.Count, timestampMs, id, start, time, i))
            {
                return;
            }
        }
    }

    private void MapSummaries(RepeatedField<SummaryDataPoint> points)
    {
        var sumName = _metricName + "_sum";
        var countName = _metricName + "_count";
        for (var i = 0; i < points.Count && _fatal is null; i++)
        {
            var point = points[i];
            var id = _pointCount++;
            if (!TryTimestamp(point.TimeUnixNano, i, out var timestampMs))
            {
                continue;
            }
            var quantiles = point.QuantileValues;
            var badQuantile = false;
            for (var q = 0; q < quantiles.Count; q++)
            {
                badQuantile |= !(quantiles[q].Quantile is >= 0 and <= 1);
            }
            if (badQuantile)
            {
                RejectPoint(i, "has a quantile outside [0, 1]");
                continue;
            }
            if (!TryBaseLabels(point.Attributes, i))
            {
                return;
            }
            var stale = (point.Flags & (uint)DataPointFlags.NoRecordedValueMask) != 0;
            for (var q = 0; q < quantiles.Count; q++)
            {
                if (!AddDerived(_metricName, "quantile", PrometheusNaming.FormatFloat(quantiles[q].Quantile), stale ? Sample.StaleNaN : quantiles[q].Value, timestampMs, id, 0, 0, i))
                {
                    return;
                }
            }
            if (!AddDerived(sumName, null, null, stale ? Sample.StaleNaN : point.Sum, timestampMs, id, 0, 0, i)
                || !AddDerived(countName, null, null, stale ? Sample.StaleNaN : point.Count, timestampMs, id, 0, 0, i))
            {
                return;
            }
        }
    }

    private bool AddDerived(string name, string? extraName, string? extraValue, double value, long timestampMs, int id, ulong startNs, ulong timeNs, int pointIndex)
    {
        var labels = BuildLabels(name, extraName, extraValue, pointIndex);
        if (labels is null)
        {
            return false;
        }
        Add(labels, timestampMs, value, id, startNs, timeNs, pointIndex);
        return _fatal is null;
    }

    /// <summary>Queues a sample; a non-zero <paramref name="timeNs"/> marks it as a delta to convert at the end.</summary>
    private void Add(Labels labels, long timestampMs, double value, int id, ulong startNs, ulong timeNs, int pointIndex)
    {
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_seriesIndex, labels, out var exists);
        if (!exists)
        {
            index = _seriesLabels.Count;
            _seriesLabels.Add(labels);
            _seriesCounts.Add(0);
            if (_seriesLabels.Count > _limits.MaxSeriesPerRequest)
            {
                Fail(IngestError.Limit(nameof(IngestLimits.MaxSeriesPerRequest), _limits.MaxSeriesPerRequest, $"{Where(pointIndex)}: series count"));
                return;
            }
        }
        if (++_sampleCount > _limits.MaxSamplesPerRequest)
        {
            Fail(IngestError.Limit(nameof(IngestLimits.MaxSamplesPerRequest), _limits.MaxSamplesPerRequest, $"{Where(pointIndex)}: sample count"));
            return;
        }
        if (timeNs != 0)
        {
            _deltas.Add(new DeltaSample(index, startNs, timeNs, value, id, _deltas.Count));
        }
        else
        {
            _pending.Add(new PendingSample(index, timestampMs, value, id));
            _seriesCounts[index]++;
        }
    }

    private void ApplyDeltas()
    {
        if (_deltas.Count == 0 || _deltaState is null)
        {
            return;
        }
        // In time order per series, whatever the order in the request; ties keep request order.
        _deltas.Sort(static (a, b) => a.TimeNs != b.TimeNs ? a.TimeNs.CompareTo(b.TimeNs) : a.Order.CompareTo(b.Order));
        string? firstRefusal = null;
        var refused = 0;
        foreach (var d in _deltas)
        {
            var labels = _seriesLabels[d.Series];
            var outcome = _deltaState.Add(labels, d.StartNs, d.TimeNs, d.Value, out var cumulative);
            if (outcome is DeltaOutcome.Started or DeltaOutcome.Accumulated)
            {
                _pending.Add(new PendingSample(d.Series, (long)(d.TimeNs / 1_000_000), cumulative, d.PointId));
                _seriesCounts[d.Series]++;
            }
            else
            {
                _rejectedPoints.Add(d.PointId);
                refused++;
                firstRefusal ??= $"delta point of {labels} at time_unix_nano {d.TimeNs} refused: " + outcome switch
                {
                    DeltaOutcome.OutOfOrder => "not after the last delta accepted for the series",
                    DeltaOutcome.Overlapping => "its interval starts before the end of the last delta accepted for the series",
                    _ => "a NaN delta would make the running total NaN for good",
                };
            }
        }
        if (firstRefusal is not null)
        {
            Problem(refused == 1 ? firstRefusal : $"{firstRefusal} ({refused} delta samples refused)");
        }
    }

    private MetricBatch BuildBatch()
    {
        var seriesCount = _seriesLabels.Count;
        if (_pending.Count == 0)
        {
            return MetricBatch.Empty;
        }
        // Place samples in request order, each series in its own exactly sized array.
        var arrays = new Sample[seriesCount][];
        var filled = new int[seriesCount];
        var lastTime = new long[seriesCount];
        var unordered = new bool[seriesCount];
        for (var i = 0; i < seriesCount; i++)
        {
            arrays[i] = _seriesCounts[i] == 0 ? [] : new Sample[_seriesCounts[i]];
        }
        var pending = CollectionsMarshal.AsSpan(_pending);
        foreach (ref readonly var p in pending)
        {
            var n = filled[p.Series]++;
            unordered[p.Series] |= n > 0 && p.TimestampMs <= lastTime[p.Series];
            lastTime[p.Series] = p.TimestampMs;
            arrays[p.Series][n] = new Sample(p.TimestampMs, p.Value);
        }

        string? firstDuplicate = null;
        var duplicates = 0;
        for (var s = 0; s < seriesCount; s++)
        {
            if (unordered[s])
            {
                arrays[s] = SortAndDeduplicate(s, pending, ref firstDuplicate, ref duplicates);
            }
        }

        var result = new List<SeriesSamples>(seriesCount);
        for (var s = 0; s < seriesCount; s++)
        {
            if (arrays[s].Length > 0)
            {
                result.Add(new SeriesSamples(SeriesKey.Create(_seriesLabels[s]), arrays[s]));
            }
        }
        if (firstDuplicate is not null)
        {
            Problem(duplicates == 1 ? firstDuplicate : $"{firstDuplicate} ({duplicates} duplicate samples dropped)");
        }
        return result.Count == 0 ? MetricBatch.Empty : new MetricBatch(result);
    }

    /// <summary>The rare path: a series whose samples came out of time order or twice at one millisecond.</summary>
    private Sample[] SortAndDeduplicate(int series, ReadOnlySpan<PendingSample> pending, ref string? firstDuplicate, ref int duplicates)
    {
        var own = new List<PendingSample>(_seriesCounts[series]);
        foreach (ref readonly var p in pending)
        {
            if (p.Series == series)
            {
                own.Add(p);
            }
        }
        // Ties on time keep request order (point ids ascend with it), so "the first wins".
        own.Sort(static (a, b) => a.TimestampMs != b.TimestampMs ? a.TimestampMs.CompareTo(b.TimestampMs) : a.PointId.CompareTo(b.PointId));
        var samples = new List<Sample>(own.Count);
        foreach (var p in own)
        {
            if (samples.Count > 0 && samples[^1].TimestampMs == p.TimestampMs)
            {
                _rejectedPoints.Add(p.PointId);
                duplicates++;
                firstDuplicate ??= $"{_seriesLabels[series]} has more than one sample at {p.TimestampMs} ms; the first was kept";
                continue;
            }
            samples.Add(new Sample(p.TimestampMs, p.Value));
        }
        return [.. samples];
    }

    private bool TryTimestamp(ulong timeUnixNano, int pointIndex, out long timestampMs)
    {
        timestampMs = (long)(timeUnixNano / 1_000_000);
        if (timeUnixNano == 0)
        {
            RejectPoint(pointIndex, "has no time_unix_nano");
            return false;
        }
        return true;
    }

    private static bool AreAscending(RepeatedField<double> bounds)
    {
        for (var i = 0; i < bounds.Count; i++)
        {
            if (!double.IsFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
            {
                return false;
            }
        }
        return true;
    }

    // ---- labels ----

    private void CollectResourceLabels(Proto.Resource.Resource? resource)
    {
        _resourceEntries.Clear();
        if (resource is null)
        {
            return;
        }
        var attributes = resource.Attributes;
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            string? name;
            if (_options.PromotedResourceAttributes.TryGetValue(attribute.Key, out var promoted))
            {
                name = promoted;
            }
            else if (_options.PromoteAllResourceAttributes)
            {
                name = PrometheusNaming.LabelName(attribute.Key);
            }
            else
            {
                continue;
            }
            if (name.Length > 0)
            {
                _resourceEntries.Add(new AttributeEntry(name, attribute.Key, OtlpAttributes.ToLabelValue(attribute.Value)));
            }
        }
        _resourceEntries.Sort(AttributeEntry.Compare);
    }

    /// <summary>
    /// Merges the resource labels (sorted once per resource) and the point's attributes (sorted here, usually a
    /// handful) into <see cref="_base"/>, sorted by name, without <c>__name__</c>. Merging two sorted lists rather
    /// than sorting them together, and inserting <c>__name__</c>/<c>le</c> in place rather than sorting again,
    /// measured 1.69 → 1.44 µs CPU per number point (−15%) and −11% per histogram point.
    /// </summary>
    private bool TryBaseLabels(RepeatedField<KeyValue> attributes, int pointIndex)
    {
        _entries.Clear();
        // Indexing, not foreach: RepeatedField's enumerator is a heap-allocated iterator.
        for (var a = 0; a < attributes.Count; a++)
        {
            var attribute = attributes[a];
            var name = PrometheusNaming.LabelName(attribute.Key);
            if (name.Length > 0)
            {
                _entries.Add(new AttributeEntry(name, attribute.Key, OtlpAttributes.ToLabelValue(attribute.Value)));
            }
        }
        if (_entries.Count > 1)
        {
            _entries.Sort(AttributeEntry.Compare);
        }

        _base.Clear();
        int r = 0, p = 0;
        while (r < _resourceEntries.Count || p < _entries.Count)
        {
            string name, value;
            if (p < _entries.Count && (r >= _resourceEntries.Count || string.CompareOrdinal(_entries[p].Name, _resourceEntries[r].Name) <= 0))
            {
                // A point attribute wins over a resource label of the same name.
                (name, value, p) = Group(_entries, p);
                while (r < _resourceEntries.Count && _resourceEntries[r].Name == name)
                {
                    r++;
                }
            }
            else
            {
                (name, value, r) = Group(_resourceEntries, r);
            }
            if (value.Length == 0)
            {
                continue;
            }
            if (name.Length > _limits.MaxLabelNameLength)
            {
                Fail(IngestError.Limit(nameof(IngestLimits.MaxLabelNameLength), _limits.MaxLabelNameLength, $"{Where(pointIndex)}: label name \"{name[..Math.Min(name.Length, 32)]}…\" of {name.Length} characters"));
                return false;
            }
            if (value.Length > _limits.MaxLabelValueLength)
            {
                Fail(IngestError.Limit(nameof(IngestLimits.MaxLabelValueLength), _limits.MaxLabelValueLength, $"{Where(pointIndex)}: value of label \"{name}\" of {value.Length} characters"));
                return false;
            }
            _base.Add(new Label(name, value));
        }
        return true;
    }

    /// <summary>The entries from <paramref name="i"/> that share its label name, their non-empty values joined with <c>;</c>.</summary>
    private static (string Name, string Value, int Next) Group(List<AttributeEntry> entries, int i)
    {
        var name = entries[i].Name;
        var value = entries[i].Value;
        StringBuilder? joined = null;
        var j = i + 1;
        for (; j < entries.Count && entries[j].Name == name; j++)
        {
            var next = entries[j].Value;
            if (next.Length == 0)
            {
                continue;
            }
            if (value.Length == 0)
            {
                value = next;
                continue;
            }
            joined ??= new StringBuilder(value);
            joined.Append(';').Append(next);
        }
        return (name, joined?.ToString() ?? value, j);
    }

    /// <summary>The labels of one series: <see cref="_base"/> plus <c>__name__</c> and an optional <c>le</c>/<c>quantile</c>.</summary>
    private Labels? BuildLabels(string metricName, string? extraName, string? extraValue, int pointIndex)
    {
        var count = _base.Count + 1 + (extraName is null ? 0 : 1);
        if (extraName is not null)
        {
            foreach (var l in _base)
            {
                if (l.Name == extraName)
                {
                    count--; // the bucket bound or quantile wins over an attribute of the same name
                }
            }
        }
        if (count > _limits.MaxLabelsPerSeries)
        {
            Fail(IngestError.Limit(nameof(IngestLimits.MaxLabelsPerSeries), _limits.MaxLabelsPerSeries, $"{Where(pointIndex)}: series with {count} labels"));
            return null;
        }

        // _base is sorted: insert __name__ and the extra label at their places while copying.
        var labels = new Label[count];
        var n = 0;
        var nameDone = false;
        var extraDone = extraName is null;
        foreach (var l in _base)
        {
            if (!nameDone && string.CompareOrdinal(Label.MetricName, l.Name) < 0)
            {
                labels[n++] = new Label(Label.MetricName, metricName);
                nameDone = true;
            }
            if (!extraDone && string.CompareOrdinal(extraName, l.Name) <= 0)
            {
                if (!nameDone && string.CompareOrdinal(Label.MetricName, extraName) < 0)
                {
                    labels[n++] = new Label(Label.MetricName, metricName);
                    nameDone = true;
                }
                labels[n++] = new Label(extraName!, extraValue!);
                extraDone = true;
            }
            if (l.Name != extraName)
            {
                labels[n++] = l;
            }
        }
        if (!nameDone && (extraDone || string.CompareOrdinal(Label.MetricName, extraName) < 0))
        {
            labels[n++] = new Label(Label.MetricName, metricName);
            nameDone = true;
        }
        if (!extraDone)
        {
            labels[n++] = new Label(extraName!, extraValue!);
        }
        if (!nameDone)
        {
            labels[n] = new Label(Label.MetricName, metricName);
        }
        return Labels.FromValidatedSorted(labels);
    }

    // ---- refusals ----

    /// <summary>Whether points of this temporality can be mapped; rejects the metric's points with the reason when not.</summary>
    private bool TryTemporality(AggregationTemporality temporality, string kind, string kinds, int pointCount, out bool delta)
    {
        delta = temporality == AggregationTemporality.Delta;
        if (temporality == AggregationTemporality.Unspecified)
        {
            RejectMetric(pointCount, $"{kind} has no aggregation_temporality (must be 1 = delta or 2 = cumulative)");
            return false;
        }
        if (delta && _deltaState is null)
        {
            RejectMetric(pointCount, $"delta {kinds} are not accepted by this receiver (no delta-to-cumulative conversion configured)");
            return false;
        }
        return true;
    }

    private void RejectMetric(int pointCount, string reason)
    {
        _pointCount += pointCount;
        _rejected += pointCount;
        Problem($"{Where()}: {reason}; {pointCount} data point{(pointCount == 1 ? "" : "s")} refused");
    }

    private void RejectPoint(int pointIndex, string reason)
    {
        _rejected++;
        Problem($"{Where(pointIndex)} {reason}");
    }

    private void Problem(string message)
    {
        if (_problems.Count < MaxReportedProblems)
        {
            _problems.Add(message);
        }
        _problemCount++;
    }

    private void Fail(IngestError error) => _fatal ??= error;

    private string Where() =>
        $"metric \"{_otlpName}\" (resource_metrics[{_resourceIndex}].scope_metrics[{_scopeIndex}].metrics[{_metricIndex}])";

    private string Where(int pointIndex) => $"{Where()} data_points[{pointIndex}]";

    private readonly record struct PendingSample(int Series, long TimestampMs, double Value, int PointId);

    private readonly record struct DeltaSample(int Series, ulong StartNs, ulong TimeNs, double Value, int PointId, int Order);

    private readonly record struct AttributeEntry(string Name, string Key, string Value)
    {
        /// <summary>By label name, then by original key (the order Prometheus joins colliding values in).</summary>
        public static int Compare(AttributeEntry a, AttributeEntry b)
        {
            var c = string.CompareOrdinal(a.Name, b.Name);
            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        }
    }
}
