using Google.Protobuf;
using Vigil.Core.Series;
using Vigil.Ingest.Otlp;
using Vigil.Ingest.Otlp.Proto.Metrics;
using static Vigil.Ingest.Tests.Otlp.Otlp;

namespace Vigil.Ingest.Tests.Otlp;

public sealed class DeltaToCumulativeTests
{
    private const ulong Second = 1_000_000_000;

    private static NumberDataPoint DeltaPoint(double value, ulong start, ulong end) =>
        new() { AsDouble = value, StartTimeUnixNano = start, TimeUnixNano = end };

    [Fact]
    public void Add_ContiguousDeltas_RunningTotal()
    {
        var deltas = new DeltaToCumulative();
        var series = Labels.From("__name__", "c_total");

        Assert.Equal(DeltaOutcome.Started, deltas.Add(series, T0 - Second, T0, 3, out var a));
        Assert.Equal(DeltaOutcome.Accumulated, deltas.Add(series, T0, T0 + Second, 2, out var b));
        Assert.Equal(DeltaOutcome.Accumulated, deltas.Add(series, 0, T0 + (2 * Second), 4, out var c));

        Assert.Equal((3.0, 5.0, 9.0), (a, b, c));
    }

    [Fact]
    public void Add_LateOrOverlappingDelta_RefusedTotalUnchanged()
    {
        var deltas = new DeltaToCumulative();
        var series = Labels.From("__name__", "c_total");
        deltas.Add(series, T0 - Second, T0, 3, out _);

        Assert.Equal(DeltaOutcome.OutOfOrder, deltas.Add(series, T0 - Second, T0, 3, out var replay));
        Assert.Equal(DeltaOutcome.Overlapping, deltas.Add(series, T0 - (Second / 2), T0 + Second, 1, out var overlap));
        Assert.Equal((3.0, 3.0), (replay, overlap));
    }

    [Fact]
    public void Add_PastMaxSeries_EvictsLeastRecentlyUpdatedAndStaysBounded()
    {
        var deltas = new DeltaToCumulative(maxSeries: 16);
        var hot = Labels.From("__name__", "hot");
        deltas.Add(hot, 0, 1, 1, out _);
        for (var i = 0; i < 100; i++)
        {
            deltas.Add(Labels.From("__name__", "cold", "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), 0, 1, 1, out _);
            deltas.Add(hot, 0, (ulong)i + 2, 1, out _); // keeps "hot" recently updated
        }

        Assert.InRange(deltas.Count, 1, 16);
        Assert.True(deltas.Evictions > 0);
        Assert.Equal(DeltaOutcome.Accumulated, deltas.Add(hot, 0, 1000, 1, out var total));
        Assert.Equal(102, total);
    }

    [Fact]
    public void TryDecode_DeltaSumsAcrossRequests_BecomeCumulativeCounter()
    {
        var decoder = new OtlpMetricsDecoder(deltas: new DeltaToCumulative());

        var first = Decode(Request(Sum("jobs.done", "", true, AggregationTemporality.Delta, DeltaPoint(3, T0 - Second, T0))), decoder);
        var second = Decode(Request(Sum("jobs.done", "", true, AggregationTemporality.Delta,
            DeltaPoint(4, T0 + Second, T0 + (2 * Second)), DeltaPoint(2, T0, T0 + Second))), decoder); // out of order within the request

        Assert.Equal(["jobs_done_total{service=\"checkout\"} => 0:3"], Lines(first));
        Assert.Equal(["jobs_done_total{service=\"checkout\"} => 1000:5 2000:9"], Lines(second));
    }

    [Fact]
    public void TryDecode_ReplayedDeltaRequest_RefusedAsPartial()
    {
        var decoder = new OtlpMetricsDecoder(deltas: new DeltaToCumulative());
        var request = Request(Sum("jobs.done", "", true, AggregationTemporality.Delta, DeltaPoint(3, T0 - Second, T0)));
        Decode(request, decoder);

        var replay = Decode(request, decoder);

        Assert.Empty(replay.Batch.Series);
        Assert.Equal(1, replay.RejectedDataPoints);
        Assert.Equal(0, replay.AcceptedDataPoints);
        Assert.Contains("not after the last delta accepted", replay.RejectionMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_DeltaWithoutConverter_RefusedAsPartial()
    {
        var result = Decode(Request(Sum("jobs.done", "", true, AggregationTemporality.Delta, DeltaPoint(3, T0 - Second, T0))));

        Assert.Equal(1, result.RejectedDataPoints);
        Assert.Contains("delta sums are not accepted", result.RejectionMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_DeltaHistograms_AccumulatePerBucket()
    {
        var decoder = new OtlpMetricsDecoder(deltas: new DeltaToCumulative());
        var p1 = HistogramPoint(T0, [1], [1, 1], 2.5);
        p1.StartTimeUnixNano = T0 - Second;
        var p2 = HistogramPoint(T0 + Second, [1], [0, 2], 6);
        p2.StartTimeUnixNano = T0;

        Decode(Request([], Histogram("h", "", AggregationTemporality.Delta, p1)), decoder);
        var second = Decode(Request([], Histogram("h", "", AggregationTemporality.Delta, p2)), decoder);

        Assert.Equal(
        [
            "h_bucket{le=\"+Inf\"} => 1000:4",
            "h_bucket{le=\"1\"} => 1000:1",
            "h_count => 1000:4",
            "h_sum => 1000:8.5",
        ], Lines(second));
    }

    [Fact]
    public void TryDecode_NonMonotonicDeltaSum_AccumulatesAsGauge()
    {
        var decoder = new OtlpMetricsDecoder(deltas: new DeltaToCumulative());
        var result = Decode(Request([], Sum("queue.items", "", false, AggregationTemporality.Delta,
            DeltaPoint(5, T0 - Second, T0), DeltaPoint(-2, T0, T0 + Second))), decoder);

        Assert.Equal(["queue_items => 0:5 1000:3"], Lines(result));
    }

    [Fact]
    public void TryDecode_Concurrent_DeltaTotalsConsistent()
    {
        var deltas = new DeltaToCumulative();
        var decoder = new OtlpMetricsDecoder(deltas: deltas);
        var bodies = Enumerable.Range(0, 200)
            .Select(i => Request([], Sum("c", "", true, AggregationTemporality.Delta, DeltaPoint(1, 0, T0 + ((ulong)i * Second)))).ToByteArray())
            .ToArray();

        Parallel.ForEach(bodies, body => Assert.True(decoder.TryDecode(body, new OtlpContent(OtlpEncoding.Protobuf), out _, out _)));

        // Whatever the arrival order, accepted deltas never exceed 200 and the total is the number accepted.
        Assert.Equal(DeltaOutcome.Accumulated, deltas.Add(Labels.From("__name__", "c_total"), 0, ulong.MaxValue, 0, out var total));
        Assert.InRange(total, 1, 200);
    }
}

public sealed class DeltaToCumulativeEdgeTests
{
    private const ulong Second = 1_000_000_000;

    private static NumberDataPoint DeltaPoint(double value, ulong start, ulong end, uint flags = 0) =>
        new() { AsDouble = value, StartTimeUnixNano = start, TimeUnixNano = end, Flags = flags };

    [Fact]
    public void TryDecode_DeltaNoRecordedValue_StaleMarkerAndTotalKept()
    {
        var decoder = new OtlpMetricsDecoder(deltas: new DeltaToCumulative());
        var result = Decode(Request([], Sum("c", "", true, AggregationTemporality.Delta,
            DeltaPoint(3, T0 - Second, T0),
            DeltaPoint(0, T0, T0 + Second, (uint)DataPointFlags.NoRecordedValueMask),
            DeltaPoint(2, T0 + Second, T0 + (2 * Second)))), decoder);

        Assert.Equal(["c_total => 0:3 1000:stale 2000:5"], Lines(result));
    }

    [Fact]
    public void TryDecode_NaNDelta_RefusedTotalKept()
    {
        var decoder = new OtlpMetricsDecoder(deltas: new DeltaToCumulative());
        var result = Decode(Request([], Sum("c", "", true, AggregationTemporality.Delta,
            DeltaPoint(3, T0 - Second, T0),
            DeltaPoint(double.NaN, T0, T0 + Second),
            DeltaPoint(2, T0 + Second, T0 + (2 * Second)))), decoder);

        Assert.Equal(["c_total => 0:3 2000:5"], Lines(result));
        Assert.Equal(1, result.RejectedDataPoints);
        Assert.Contains("a NaN delta", result.RejectionMessage, StringComparison.Ordinal);
    }
}
