using Vigil.Forecasting.Models;

namespace Vigil.Forecasting.Tests.Models;

public sealed class SeasonalNaiveForecasterTests
{
    [Fact]
    public void Forecast_RepeatsLastSeason()
    {
        double[] y = [1, 2, 3, 4, 5, 6, 7];
        var f = new SeasonalNaiveForecaster(3).Forecast(y, 5);
        // Last season is 5, 6, 7; phases continue: 5, 6, 7, 5, 6.
        Assert.Equal([5, 6, 7, 5, 6], f.Mean);
    }

    [Fact]
    public void Forecast_DeviationGrowsWithSquareRootOfSeasonsAhead()
    {
        // Seasonal differences y(t) - y(t-2): 2, 2, 2, 2 → σ = 2.
        double[] y = [1, 5, 3, 7, 5, 9];
        var f = new SeasonalNaiveForecaster(2).Forecast(y, 4);
        Assert.Equal(2, f.StdDev![0], 12);
        Assert.Equal(2, f.StdDev[1], 12);
        Assert.Equal(2 * Math.Sqrt(2), f.StdDev[2], 12);
    }

    [Fact]
    public void SeasonalMedian_IgnoresOneUnusualSeason()
    {
        double[] y = [1, 2, 1, 2, 50, 60, 1, 2];
        var f = new SeasonalMedianForecaster(2, 3).Forecast(y, 2);
        Assert.Equal([1, 2], f.Mean);
    }
}
