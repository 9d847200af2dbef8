using Vigil.Forecasting.Seasonality;

namespace Vigil.Forecasting.Tests.Seasonality;

public sealed class ClassicalDecompositionTests
{
    [Fact]
    public void CentredMovingAverage_EvenPeriod_Uses2xmWeights()
    {
        // Period 4 at t = 2: (0.5·1 + 2 + 3 + 4 + 0.5·5) / 4 = 3.
        double[] y = [1, 2, 3, 4, 5, 6, 7];
        var ma = ClassicalDecomposition.CentredMovingAverage(y, 4);
        Assert.True(double.IsNaN(ma[1]));
        Assert.Equal(3, ma[2], 12);
        Assert.Equal(4, ma[3], 12);
        Assert.Equal(5, ma[4], 12);
        Assert.True(double.IsNaN(ma[5]));
    }

    [Fact]
    public void CentredMovingAverage_OddPeriod_IsPlainMean()
    {
        double[] y = [3, 6, 9, 0, 3];
        var ma = ClassicalDecomposition.CentredMovingAverage(y, 3);
        Assert.Equal(6, ma[1], 12);
        Assert.Equal(5, ma[2], 12);
        Assert.Equal(4, ma[3], 12);
    }

    [Fact]
    public void SeasonalFigure_ExactMultiplicativePattern_RecoversIndices()
    {
        double[] indices = [0.5, 1.0, 1.5, 1.0];
        var y = new double[40];
        for (var t = 0; t < y.Length; t++)
        {
            y[t] = 10 * indices[t % 4];
        }
        var figure = ClassicalDecomposition.SeasonalFigure(y, 4, multiplicative: true);
        for (var j = 0; j < 4; j++)
        {
            Assert.Equal(indices[j], figure[j], 9);
        }
    }

    [Fact]
    public void IsSeasonal_SeasonalSeries_True_NoiseFalse()
    {
        Assert.True(ClassicalDecomposition.IsSeasonal(Simulated.Hourly(240, seed: 7), 24));
        Assert.False(ClassicalDecomposition.IsSeasonal(Simulated.Noise(240, seed: 8), 24));
    }

    [Fact]
    public void IsSeasonal_FewerThanThreeSeasons_False()
    {
        Assert.False(ClassicalDecomposition.IsSeasonal(Simulated.Hourly(71, seed: 9), 24));
    }
}
