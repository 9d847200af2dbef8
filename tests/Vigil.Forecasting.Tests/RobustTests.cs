namespace Vigil.Forecasting.Tests;

public sealed class RobustTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(1000)]
    [InlineData(1001)]
    public void MedianInPlace_EqualsTheMiddleOfTheSortedValues(int n)
    {
        var random = new Random(n);
        // Few distinct values, so ties are common.
        var values = Enumerable.Range(0, n).Select(_ => (double)random.Next(0, 20)).ToArray();
        var sorted = values.Order().ToArray();
        var expected = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[(n / 2) - 1] + sorted[n / 2]);
        Assert.Equal(expected, Robust.MedianInPlace(values));
    }

    [Fact]
    public void Median_SkipsNaNAndLeavesTheInputAlone()
    {
        double[] values = [5, double.NaN, 1, 3, double.NaN, 2];
        Assert.Equal(2.5, Robust.Median(values));
        Assert.Equal([5, double.NaN, 1, 3, double.NaN, 2], values);
        Assert.True(double.IsNaN(Robust.Median([double.NaN])));
    }

    [Fact]
    public void MedianAbsoluteDeviation_OfALongSeries()
    {
        var values = Enumerable.Range(0, 1001).Select(i => (double)i).ToArray();
        // |i − 500| for i = 0..1000: 0 once, 1..500 twice each; the 501st smallest is 250.
        Assert.Equal(250, Robust.MedianAbsoluteDeviation(values, 500));
    }
}
