using Vigil.Core.Chunks;
using Vigil.Core.Series;

namespace Vigil.Core.Tests.Chunks;

/// <summary>Measured sizes (bytes per sample of the encoded chunk), not timings.</summary>
public sealed class XorChunkSizeTests(ITestOutputHelper output)
{
    // Prometheus's chunk length; longer chunks only amortise the 18-byte start better.
    private const int ChunkSamples = 120;

    public static TheoryData<string, double> RegularSeries => new()
    {
        // Sealed chunks (EncodeCompact). Greedy Gorilla windows give 2.11 for the busy counter: each increment flips
        // ~8 mantissa bits and the window resets whenever the increment's lowest set bit moves.
        { "counter", 2.0 },
        { "quiet-counter", 2.0 },
        { "memory-gauge", 2.0 },
        { "small-gauge", 2.0 },
    };

    [Theory]
    [MemberData(nameof(RegularSeries))]
    public void BytesPerSample_RegularIntervalIntegerSeries_AtMostTarget(string kind, double target)
    {
        var samples = Generate(kind, 24 * 240); // one day of 15 s scrapes

        var bytesPerSample = Measure(samples, compact: true);

        output.WriteLine($"{kind}: {bytesPerSample:F3} bytes/sample");
        Assert.True(bytesPerSample <= target, $"{kind}: {bytesPerSample:F3} bytes/sample > {target}");
    }

    [Fact]
    public void BytesPerSample_DecimalAndRatioSeries_Reported()
    {
        // Not a target: decimals such as 83412.37 and ratios fill the mantissa, so XOR saves little (documented).
        var dec = Measure(Generate("decimal-counter", 5760));
        var ratio = Measure(Generate("ratio-gauge", 5760));
        var jitter = Measure(ChunkData.WithJitter(ChunkData.Counter(5760), 3));

        output.WriteLine($"decimal-counter: {dec:F3}, ratio-gauge: {ratio:F3}, counter with ±3 ms jitter: {jitter:F3} bytes/sample");
        Assert.InRange(ratio, 1, 9);
    }

    internal static Sample[] Generate(string kind, int count) => kind switch
    {
        "counter" => ChunkData.Counter(count),
        "quiet-counter" => ChunkData.QuietCounter(count),
        "memory-gauge" => ChunkData.MemoryGauge(count),
        "small-gauge" => ChunkData.SmallGauge(count),
        "decimal-counter" => ChunkData.DecimalCounter(count),
        _ => ChunkData.RatioGauge(count),
    };

    internal static double Measure(Sample[] samples, bool compact = false)
    {
        long bytes = 0;
        for (var i = 0; i < samples.Length; i += ChunkSamples)
        {
            var part = samples.AsSpan(i, Math.Min(ChunkSamples, samples.Length - i));
            bytes += (compact ? XorChunk.EncodeCompact(part) : XorChunk.Encode(part)).Length;
        }
        return (double)bytes / samples.Length;
    }

    [Fact]
    public void EncodeCompact_AllKinds_NeverLargerAndReported()
    {
        foreach (var kind in new[] { "counter", "quiet-counter", "memory-gauge", "small-gauge", "decimal-counter", "ratio-gauge" })
        {
            var samples = Generate(kind, 5760);
            var greedy = Measure(samples);
            var compact = Measure(samples, compact: true);
            output.WriteLine($"{kind}: greedy {greedy:F3}, compact {compact:F3} bytes/sample");
            Assert.True(compact <= greedy, kind);
        }
    }
}
