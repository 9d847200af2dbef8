using System.Text;
using Google.Protobuf;
using Vigil.Core.Ingest;
using Vigil.Ingest.Alertmanager;
using Vigil.Ingest.Otlp;
using Vigil.Ingest.Otlp.Proto.Collector;
using Vigil.Ingest.Otlp.Proto.Metrics;
using static Vigil.Ingest.Tests.Otlp.Otlp;

namespace Vigil.Ingest.Tests.Otlp;

/// <summary>
/// Bodies with random bytes flipped, inserted or cut (fixed seeds): a decoder either accepts them or refuses them
/// with an <see cref="IngestError"/>; it never throws, which in the server would be a 500.
/// </summary>
public sealed class OtlpMutationTests
{
    private static byte[] Mutate(byte[] body, Random random)
    {
        var copy = body.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && copy.Count > 0; e++)
        {
            var at = random.Next(copy.Count);
            switch (random.Next(3))
            {
                case 0:
                    copy[at] = (byte)random.Next(256);
                    break;
                case 1:
                    copy.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    copy.RemoveRange(at, Math.Min(random.Next(1, 8), copy.Count - at));
                    break;
            }
        }
        return [.. copy];
    }

    private static void AssertNeverThrows(byte[] body, OtlpContent content, int seed)
    {
        var random = new Random(seed);
        var decoder = new OtlpMetricsDecoder(deltas: new DeltaToCumulative());
        for (var i = 0; i < 3000; i++)
        {
            var mutated = Mutate(body, random);
            if (!decoder.TryDecode(mutated, content, out var result, out var error))
            {
                Assert.True(error.Kind is IngestErrorKind.Malformed or IngestErrorKind.TooLarge or IngestErrorKind.LimitExceeded, error.Message);
                Assert.Null(result);
            }
            else
            {
                Assert.All(result.Batch.Series, s => Assert.NotNull(s.Key.MetricName));
            }
        }
    }

    private static ExportMetricsServiceRequest Sample() => Request(
        Gauge("g", "By", Point(1, T0, Attr("a", "x"))),
        Sum("s", "", true, AggregationTemporality.Delta, Point(2, T0)),
        Histogram("h", "s", AggregationTemporality.Cumulative, HistogramPoint(T0, [1, 2], [1, 2, 3], 4, Attr("b", "y"))));

    [Fact]
    public void TryDecode_MutatedProtobuf_NeverThrows() => AssertNeverThrows(Sample().ToByteArray(), new OtlpContent(OtlpEncoding.Protobuf), 1);

    [Fact]
    public void TryDecode_MutatedJson_NeverThrows() =>
        AssertNeverThrows(Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(Sample())), new OtlpContent(OtlpEncoding.Json), 2);

    [Fact]
    public void TryDecode_MutatedGzip_NeverThrows() =>
        AssertNeverThrows(Gzip(Sample().ToByteArray()), new OtlpContent(OtlpEncoding.Protobuf, OtlpCompression.Gzip), 3);

    [Fact]
    public void TryDecode_MutatedAlertmanagerWebhook_NeverThrows()
    {
        var body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Alertmanager", "Samples", "alertmanager-0.25-resolved.json"));
        var random = new Random(4);
        for (var i = 0; i < 3000; i++)
        {
            if (!AlertmanagerWebhookDecoder.TryDecode(Mutate(body, random), IngestLimits.Default, out var notification, out var error))
            {
                Assert.Equal(IngestErrorKind.Malformed, error.Kind);
                Assert.Null(notification);
            }
        }
    }
}
