using Vigil.Server.Api.AnomalyDetector;

namespace Vigil.Server.Tests.Api.AnomalyDetector;

public sealed class SeasonalDecompositionTests
{
    [Theory]
    [InlineData(7, 70)]
    [InlineData(24, 240)]
    [InlineData(288, 2016)]
    public void DetectPeriod_SineWithNoiseAndTrend_FindsThePeriod(int period, int count)
    {
        var noise = new Random(42);
        var values = Enumerable.Range(0, count).Select(i => (0.01 * i) + (10 * Math.Sin(2 * Math.PI * i / period)) + (2 * noise.NextDouble())).ToArray();

        Assert.Equal(period, SeasonalDecomposition.DetectPeriod(values));
    }

    [Fact]
    public void DetectPeriod_ConstantOrRamp_None()
    {
        Assert.Equal(0, SeasonalDecomposition.DetectPeriod(Enumerable.Repeat(5.0, 100).ToArray()));
        Assert.Equal(0, SeasonalDecomposition.DetectPeriod(Enumerable.Range(0, 100).Select(i => (double)i).ToArray()));
    }

    [Fact]
    public void Expected_SpikeInASeason_ExpectedValueIgnoresTheSpike()
    {
        var values = Enumerable.Range(0, 48).Select(i => 100 + (20 * Math.Sin(2 * Math.PI * i / 12))).ToArray();
        var clean = values[30];
        values[30] += 500;

        var expected = SeasonalDecomposition.Expected(values, 12);

        Assert.InRange(expected[30], clean - 2, clean + 2);
    }
}
