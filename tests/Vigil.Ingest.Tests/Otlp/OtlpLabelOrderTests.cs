using Vigil.Core.Series;
using Vigil.Ingest.Otlp.Proto.Metrics;
using static Vigil.Ingest.Tests.Otlp.Otlp;

namespace Vigil.Ingest.Tests.Otlp;

public sealed class OtlpLabelOrderTests
{
    [Theory]
    [InlineData("A", "Z", "a", "z")]
    [InlineData("la", "lz", "le", "m")]
    [InlineData("_x", "__y", "Quantile", "quantile")]
    [InlineData("service", "AAA", "zzz", "l")]
    public void TryDecode_AnyAttributeNames_SeriesLabelsSortedAndValid(string a, string b, string c, string d)
    {
        var attrs = new[] { a, b, c, d }.Select((k, i) => Attr(k, "v" + i)).ToArray();
        var summary = new Summary();
        var sp = new SummaryDataPoint { TimeUnixNano = T0, Count = 1, Sum = 1 };
        sp.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 1 });
        sp.Attributes.AddRange(attrs);
        summary.DataPoints.Add(sp);
        var request = Request(
            Gauge("g", "", Point(1, T0, attrs)),
            Histogram("h", "", AggregationTemporality.Cumulative,
                HistogramPoint(T0, [1], [1, 1], 2, attrs)),
            new Metric { Name = "s", Summary = summary });

        var result = Decode(request);

        Assert.Equal(8, result.Batch.Series.Count); // g; h: le=1, le=+Inf, _sum, _count; s: quantile, _sum, _count
        foreach (var series in result.Batch.Series)
        {
            var labels = series.Key.Labels;
            Assert.Equal(Labels.From(labels.AsSpan().ToArray()), labels); // re-sorting changes nothing
            Assert.NotNull(labels.MetricName);
        }
    }
}
