using Vigil.Core.Series;
using Vigil.Ingest.Otlp;
using Vigil.Ingest.Otlp.Proto.Common;
using Vigil.Ingest.Otlp.Proto.Metrics;
using static Vigil.Ingest.Tests.Otlp.Otlp;

namespace Vigil.Ingest.Tests.Otlp;

public sealed class OtlpMetricsDecoderTests
{
    [Fact]
    public void TryDecode_Gauge_PromotesServiceAndSanitizesAttributes()
    {
        var result = Decode(Request(Gauge("process.memory.usage", "By", Point(1024, T0, Attr("memory.type", "heap"), Attr("1st", "x")))));

        Assert.Equal(["process_memory_usage_bytes{key_1st=\"x\", memory_type=\"heap\", service=\"checkout\"} => 0:1024"], Lines(result));
        Assert.Equal(1, result.AcceptedDataPoints);
        Assert.False(result.IsPartial);
        Assert.Null(result.RejectionMessage);
    }

    [Fact]
    public void TryDecode_GaugeOfUnitOne_GetsRatioSuffix()
    {
        var result = Decode(Request(Gauge("system.cpu.utilization", "1", Point(0.25))));

        Assert.Equal(["system_cpu_utilization_ratio{service=\"checkout\"} => 0:0.25"], Lines(result));
    }

    [Fact]
    public void TryDecode_MonotonicCumulativeSum_IsCounterWithTotal()
    {
        var result = Decode(Request(Sum("http.server.requests", "{request}", true, AggregationTemporality.Cumulative,
            Point(7, T0), Point(9, T0 + 10_000_000_000))));

        Assert.Equal(["http_server_requests_total{service=\"checkout\"} => 0:7 10000:9"], Lines(result));
    }

    [Fact]
    public void TryDecode_NonMonotonicSum_IsGaugeWithoutTotal()
    {
        var result = Decode(Request(Sum("process.threads", "{thread}", false, AggregationTemporality.Cumulative, Point(12))));

        Assert.Equal(["process_threads{service=\"checkout\"} => 0:12"], Lines(result));
    }

    [Fact]
    public void TryDecode_IntegerPoint_BecomesDouble()
    {
        var point = new NumberDataPoint { AsInt = long.MaxValue, TimeUnixNano = T0 };
        var result = Decode(Request(Gauge("big", "", point)));

        Assert.Equal((double)long.MaxValue, Assert.Single(result.Batch.Series).Samples[0].Value);
    }

    [Fact]
    public void TryDecode_Histogram_MapsToCumulativeBucketsSumAndCount()
    {
        // Buckets (-inf,0.1] (0.1,0.5] (0.5,1] (1,+inf) hold 2, 3, 0, 1: cumulative 2, 5, 5, 6.
        var point = HistogramPoint(T0, [0.1, 0.5, 1], [2, 3, 0, 1], 4.2, Attr("http.route", "/cart"));
        var result = Decode(Request(Histogram("http.server.request.duration", "s", AggregationTemporality.Cumulative, point)));

        Assert.Equal(
        [
            "http_server_request_duration_seconds_bucket{http_route=\"/cart\", le=\"+Inf\", service=\"checkout\"} => 0:6",
            "http_server_request_duration_seconds_bucket{http_route=\"/cart\", le=\"0.1\", service=\"checkout\"} => 0:2",
            "http_server_request_duration_seconds_bucket{http_route=\"/cart\", le=\"0.5\", service=\"checkout\"} => 0:5",
            "http_server_request_duration_seconds_bucket{http_route=\"/cart\", le=\"1\", service=\"checkout\"} => 0:5",
            "http_server_request_duration_seconds_count{http_route=\"/cart\", service=\"checkout\"} => 0:6",
            "http_server_request_duration_seconds_sum{http_route=\"/cart\", service=\"checkout\"} => 0:4.2",
        ], Lines(result));
        Assert.Equal(1, result.AcceptedDataPoints);
    }

    [Fact]
    public void TryDecode_HistogramWithoutBucketsOrSum_HasInfBucketAndCountOnly()
    {
        var point = HistogramPoint(T0, [], [], null);
        point.Count = 3;
        var result = Decode(Request(Histogram("queue.wait", "ms", AggregationTemporality.Cumulative, point)));

        Assert.Equal(
        [
            "queue_wait_milliseconds_bucket{le=\"+Inf\", service=\"checkout\"} => 0:3",
            "queue_wait_milliseconds_count{service=\"checkout\"} => 0:3",
        ], Lines(result));
    }

    [Fact]
    public void TryDecode_HistogramBoundsInExponentForm_FormatsLeWithoutExponent()
    {
        var point = HistogramPoint(T0, [1e-5, 2.5e6], [1, 1, 1], 1);
        var result = Decode(Request(Histogram("h", "", AggregationTemporality.Cumulative, point)));

        var les = result.Batch.Series.Select(s => s.Key.Labels.Get("le")).Where(l => l is not null).Order(StringComparer.Ordinal);
        Assert.Equal(["+Inf", "0.00001", "2500000"], les);
    }

    [Fact]
    public void TryDecode_HistogramWithWrongBucketCount_RefusesThatPointOnly()
    {
        var bad = HistogramPoint(T0, [1, 2], [1, 1], 1);
        var good = HistogramPoint(T0, [1], [1, 1], 1, Attr("a", "b"));
        var result = Decode(Request(Histogram("h", "", AggregationTemporality.Cumulative, bad, good)));

        Assert.Equal(1, result.RejectedDataPoints);
        Assert.Equal(1, result.AcceptedDataPoints);
        Assert.Contains("data_points[0] has 2 bucket_counts for 2 explicit_bounds (expected 3)", result.RejectionMessage, StringComparison.Ordinal);
        Assert.All(result.Batch.Series, s => Assert.Equal("b", s.Key.Labels.Get("a")));
    }

    [Fact]
    public void TryDecode_Summary_MapsToQuantilesSumAndCount()
    {
        var point = new SummaryDataPoint { TimeUnixNano = T0, Count = 10, Sum = 300 };
        point.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 12 });
        point.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.99, Value = 80 });
        var summary = new Summary();
        summary.DataPoints.Add(point);
        var result = Decode(Request(new Metric { Name = "rpc.latency", Unit = "ms", Summary = summary }));

        Assert.Equal(
        [
            "rpc_latency_milliseconds_count{service=\"checkout\"} => 0:10",
            "rpc_latency_milliseconds_sum{service=\"checkout\"} => 0:300",
            "rpc_latency_milliseconds{quantile=\"0.5\", service=\"checkout\"} => 0:12",
            "rpc_latency_milliseconds{quantile=\"0.99\", service=\"checkout\"} => 0:80",
        ], Lines(result));
    }

    [Fact]
    public void TryDecode_NoRecordedValueFlag_WritesStalenessMarker()
    {
        var point = Point(5);
        point.Flags = (uint)DataPointFlags.NoRecordedValueMask;
        var result = Decode(Request(Gauge("g", "", point)));

        Assert.True(Assert.Single(Assert.Single(result.Batch.Series).Samples).IsStale);
        Assert.False(result.IsPartial);
    }

    [Fact]
    public void TryDecode_NaNAndInfinity_AreKeptAsValues()
    {
        var result = Decode(Request(Gauge("g", "", Point(double.NaN, T0), Point(double.PositiveInfinity, T0 + 1_000_000), Point(double.NegativeInfinity, T0 + 2_000_000))));

        var samples = Assert.Single(result.Batch.Series).Samples;
        Assert.True(double.IsNaN(samples[0].Value) && !samples[0].IsStale);
        Assert.Equal(double.PositiveInfinity, samples[1].Value);
        Assert.Equal(double.NegativeInfinity, samples[2].Value);
    }

    [Fact]
    public void TryDecode_UnusablePoints_ReportedAsPartialSuccessWithWhere()
    {
        var noValue = new NumberDataPoint { TimeUnixNano = T0 };
        var noTime = Point(1, 0);
        var exponential = new ExponentialHistogram { AggregationTemporality = AggregationTemporality.Cumulative };
        exponential.DataPoints.Add(new ExponentialHistogramDataPoint { TimeUnixNano = T0, Count = 1 });
        exponential.DataPoints.Add(new ExponentialHistogramDataPoint { TimeUnixNano = T0, Count = 2 });
        var result = Decode(Request(
            Gauge("ok", "", Point(1)),
            Gauge("g", "", noValue, noTime),
            Gauge("", "", Point(1)),
            Gauge("...", "", Point(1)),
            new Metric { Name = "eh", ExponentialHistogram = exponential },
            Sum("s", "", true, AggregationTemporality.Unspecified, Point(1))));

        Assert.Equal(1, result.AcceptedDataPoints);
        Assert.Equal(7, result.RejectedDataPoints);
        Assert.Equal(["ok{service=\"checkout\"} => 0:1"], Lines(result));
        var message = result.RejectionMessage!;
        Assert.Contains("metric \"g\" (resource_metrics[0].scope_metrics[0].metrics[1]) data_points[0] has no value", message, StringComparison.Ordinal);
        Assert.Contains("data_points[1] has no time_unix_nano", message, StringComparison.Ordinal);
        Assert.Contains("metrics[2]): metric has no name; 1 data point refused", message, StringComparison.Ordinal);
        Assert.Contains("holds no character usable", message, StringComparison.Ordinal);
        Assert.Contains("metric \"eh\" (resource_metrics[0].scope_metrics[0].metrics[4]): exponential histograms are not supported", message, StringComparison.Ordinal);
        Assert.Contains("explicit-bucket histograms); 2 data points refused", message, StringComparison.Ordinal);
        Assert.Contains("and 1 more problems", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_DuplicateTimestampInOneSeries_KeepsFirstAndReports()
    {
        var result = Decode(Request(Gauge("g", "", Point(1, T0), Point(2, T0 + 500_000), Point(3, T0 + 1_000_000))));

        Assert.Equal(["g{service=\"checkout\"} => 0:1 1:3"], Lines(result));
        Assert.Equal(1, result.RejectedDataPoints);
        Assert.Equal(2, result.AcceptedDataPoints);
        Assert.Contains("more than one sample at", result.RejectionMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_OutOfOrderPoints_AreSortedPerSeries()
    {
        var result = Decode(Request(Gauge("g", "", Point(2, T0 + 2_000_000), Point(1, T0 + 1_000_000))));

        Assert.Equal(["g{service=\"checkout\"} => 1:1 2:2"], Lines(result));
    }

    [Fact]
    public void TryDecode_SameSeriesAcrossResources_MergedIntoOneSeries()
    {
        var request = Request(Gauge("g", "", Point(1, T0)));
        request.ResourceMetrics.Add(Request(Gauge("g", "", Point(2, T0 + 1_000_000))).ResourceMetrics[0]);
        var result = Decode(request);

        Assert.Equal(["g{service=\"checkout\"} => 0:1 1:2"], Lines(result));
    }

    [Fact]
    public void TryDecode_ResourceAttributes_OnlyDocumentedOnesPromotedByDefault()
    {
        KeyValue[] resource =
        [
            Attr("service.name", "api"), Attr("service.namespace", "shop"), Attr("service.instance.id", "i-1"),
            Attr("host.name", "web-1"), Attr("deployment.environment.name", "prod"), Attr("k8s.pod.name", "api-7f"),
            Attr("cloud.region", "eu-west-1"), Attr("telemetry.sdk.name", "opentelemetry"), Attr("os.type", "linux"),
        ];
        var result = Decode(Request(resource, Gauge("g", "", Point(1))));

        Assert.Equal(
            "g{cloud_region=\"eu-west-1\", env=\"prod\", host=\"web-1\", instance=\"i-1\", k8s_pod=\"api-7f\", namespace=\"shop\", service=\"api\"}",
            Assert.Single(result.Batch.Series).Key.ToString());
    }

    [Fact]
    public void TryDecode_PromoteAllResourceAttributes_AddsTheRestSanitized()
    {
        var decoder = new OtlpMetricsDecoder(new OtlpMetricsOptions { PromoteAllResourceAttributes = true });
        var result = Decode(Request([Attr("service.name", "api"), Attr("os.type", "linux")], Gauge("g", "", Point(1))), decoder);

        Assert.Equal("g{os_type=\"linux\", service=\"api\"}", Assert.Single(result.Batch.Series).Key.ToString());
    }

    [Fact]
    public void TryDecode_PointAttributeNamedLikeResourceLabel_PointWins()
    {
        var result = Decode(Request(Gauge("g", "", Point(1, T0, Attr("service", "override")))));

        Assert.Equal("g{service=\"override\"}", Assert.Single(result.Batch.Series).Key.ToString());
    }

    [Fact]
    public void TryDecode_AttributesSanitizingAlike_JoinedInKeyOrder()
    {
        var result = Decode(Request([], Gauge("g", "", Point(1, T0, Attr("a_b", "2"), Attr("a.b", "1"), Attr("_x", "3"), Attr("empty", "")))));

        Assert.Equal("g{a_b=\"1;2\", key_x=\"3\"}", Assert.Single(result.Batch.Series).Key.ToString());
    }

    [Fact]
    public void TryDecode_NonStringAttributes_RenderedAsText()
    {
        var list = new ArrayValue();
        list.Values.Add(new AnyValue { IntValue = 1 });
        list.Values.Add(new AnyValue { StringValue = "two" });
        var result = Decode(Request([], Gauge("g", "", Point(1, T0,
            new KeyValue { Key = "b", Value = new AnyValue { BoolValue = true } },
            new KeyValue { Key = "i", Value = new AnyValue { IntValue = -42 } },
            new KeyValue { Key = "d", Value = new AnyValue { DoubleValue = 0.5 } },
            new KeyValue { Key = "l", Value = new AnyValue { ArrayValue = list } }))));

        Assert.Equal("g{b=\"true\", d=\"0.5\", i=\"-42\", l=\"[1,\\\"two\\\"]\"}", Assert.Single(result.Batch.Series).Key.ToString());
    }

    [Fact]
    public void TryDecode_HistogramAttributeNamedLe_BucketBoundWins()
    {
        var result = Decode(Request([], Histogram("h", "", AggregationTemporality.Cumulative, HistogramPoint(T0, [1], [1, 0], 1, Attr("le", "attr")))));

        var les = result.Batch.Series.Where(s => s.Key.MetricName == "h_bucket").Select(s => s.Key.Labels.Get("le")).Order(StringComparer.Ordinal);
        Assert.Equal(["+Inf", "1"], les);
    }

    [Fact]
    public void TryDecode_EmptyRequest_GivesEmptyBatch()
    {
        var decoder = new OtlpMetricsDecoder();
        Assert.True(decoder.TryDecode([], new OtlpContent(OtlpEncoding.Protobuf), out var result, out _));

        Assert.Empty(result.Batch.Series);
        Assert.Equal(0, result.AcceptedDataPoints);
    }

    [Fact]
    public void TryDecode_SameBodyTwice_GivesEqualBatches()
    {
        var request = Request(Histogram("h", "s", AggregationTemporality.Cumulative, HistogramPoint(T0, [1, 2], [1, 2, 3], 7)));

        Assert.Equal(Lines(Decode(request)), Lines(Decode(request)));
    }
}
