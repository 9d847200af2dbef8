using Vigil.Forecasting.Intervals;

namespace Vigil.Forecasting.Tests.Intervals;

public sealed class IntervalCalibratorTests
{
    [Fact]
    public void ConformalMultiplier_TakesTheRankCeilKPlus1TimesLevel()
    {
        // Standardised errors 1..19 (sd 1); level 0.9: rank ⌈20·0.9⌉ = 18 → 18.
        var actual = Enumerable.Range(1, 19).Select(i => (double)i).ToArray();
        var predicted = new double[19];
        var sd = Enumerable.Repeat(1.0, 19).ToArray();
        Assert.Equal(18, IntervalCalibrator.ConformalMultiplier(actual, predicted, sd, 0.9, 19));
    }

    [Fact]
    public void ConformalMultiplier_TooFewErrors_FallsBackToNormal()
    {
        double[] actual = [1, 2];
        Assert.Equal(1.959964, IntervalCalibrator.ConformalMultiplier(actual, [0, 0], [1, 1], 0.95, 2), 5);
    }

    [Fact]
    public void ConformalMultiplier_SeveralWindows_TakesTheLargestWindowQuantile()
    {
        // Two windows of 19: errors 1..19 and 2..38 (step 2); level 0.9 → rank 18 in each: 18 and 36.
        var actual = Enumerable.Range(1, 19).Select(i => (double)i).Concat(Enumerable.Range(1, 19).Select(i => 2.0 * i)).ToArray();
        var zeros = new double[38];
        var ones = Enumerable.Repeat(1.0, 38).ToArray();
        Assert.Equal(36, IntervalCalibrator.ConformalMultiplier(actual, zeros, ones, 0.9, 19));
    }

    [Fact]
    public void Build_NonNegativeSeries_ClampsLowerAtZero()
    {
        var (lower, upper) = IntervalCalibrator.Build([1, 10], [1, 1], 2, nonNegative: true);
        Assert.Equal([0, 8], lower);
        Assert.Equal([3, 12], upper);
    }
}
